using System.Text;
using Rapport.Features.Insights;

namespace Rapport.Cli;

/// <summary>
/// Writes an export to a file through a temporary file beside it, flushed to disk and then moved
/// into place: a crash or a refused export leaves any earlier file as it was, never half a file.
/// </summary>
internal static class RatingsExportFile
{
    /// <summary>The outcome, or null when the file could not be written (the reason is on <paramref name="error"/>).</summary>
    public static async Task<RatingsExportOutcome?> WriteAsync(string path, RatingsLibrary library, TextWriter error, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            await error.WriteLineAsync($"rapport: --output: '{path}' is a folder. Give the path of the CSV file to write, for example {Path.Combine(path, "ratings.csv")}.");
            return null;
        }

        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            await error.WriteLineAsync($"rapport: --output: the folder '{folder}' does not exist. Create it or write the file elsewhere.");
            return null;
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            RatingsExportOutcome outcome;
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
                outcome = await library.ExportAsync(writer, ct);
                await writer.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            if (outcome.Succeeded)
            {
                File.Move(temporary, full, overwrite: true);
            }

            return outcome;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            await error.WriteLineAsync($"rapport: --output: cannot write '{path}': {e.Message} Choose a file in a folder you can write to.");
            return null;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
