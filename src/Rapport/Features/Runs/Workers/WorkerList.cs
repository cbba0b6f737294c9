namespace Rapport.Features.Runs.Workers;

/// <summary>
/// The file named by <c>Sandbox:WorkersFile</c>: one worker address per line (<c>http://10.0.0.7:5090</c>),
/// blank lines and <c>#</c> comments allowed. Editing it adds or removes workers while the node serves.
/// </summary>
public static class WorkerList
{
    /// <summary>The addresses in the file, or the file and line of the first one that is not an address.</summary>
    public static (IReadOnlyList<Uri> Workers, string? Problem) Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], $"{path} cannot be read: {e.Message}");
        }

        var workers = new List<Uri>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var address = (hash >= 0 ? line[..hash] : line).Trim();
            if (address.Length == 0)
            {
                continue;
            }

            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                return ([], $"{path}, line {i + 1}: '{address}' is not a worker's address; write one per line like http://10.0.0.7:5090 (no path, no password)");
            }

            if (!workers.Contains(uri))
            {
                workers.Add(uri);
            }
        }

        return (workers, null);
    }
}
