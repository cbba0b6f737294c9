using System.CommandLine;
using Rapport.Features.Insights;
using Rapport.Infrastructure;

namespace Rapport.Cli;

/// <summary>
/// <c>rapport ratings import FILE.csv</c>: store a ratings export for the Insights page;
/// <c>rapport ratings export [--output FILE.csv]</c>: write the current stored ratings in the same format.
/// </summary>
internal static class RatingsCommand
{
    public static Command Create(TextWriter output, TextWriter error) =>
        new("ratings", "Store ratings for calibration and the Insights page, or export the stored ones.") { Import(output, error), Export(output, error) };

    private static Command Import(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "The ratings CSV (docs/ratings-csv.md)." };
        var import = new Command("import", "Store the ratings of a CSV file, all or nothing. Rows already stored are skipped; rows that contradict stored ones are refused.") { file };
        import.SetAction((parsed, ct) => HostForCommand.RunAsync(
            error,
            async services =>
            {
                var path = parsed.GetValue(file)!;
                if (!File.Exists(path))
                {
                    await error.WriteLineAsync($"rapport: there is no file '{path}'. Give the path of the ratings CSV.");
                    return 1;
                }

                await using var scope = services.CreateAsyncScope();
                await using var stream = File.OpenRead(path);
                var outcome = await scope.ServiceProvider.GetRequiredService<RatingsLibrary>().ImportAsync(stream, ShownText.Quote(Path.GetFileName(path)), "rapport ratings import", ct);
                if (!outcome.Succeeded)
                {
                    foreach (var problem in outcome.Problems)
                    {
                        await error.WriteLineAsync(ShownText.Quote($"{path}: {problem}", int.MaxValue));
                    }

                    if (outcome.ProblemCount > outcome.Problems.Count)
                    {
                        await error.WriteLineAsync($"… and {outcome.ProblemCount - outcome.Problems.Count} more problem(s).");
                    }

                    await error.WriteLineAsync($"rapport: {outcome.ProblemCount} problem(s) in {path}; nothing was imported. Fix them and import again.");
                    return 1;
                }

                await output.WriteLineAsync($"Imported {path}: {outcome.Added} new rating(s), {outcome.AlreadyStored} already stored; {outcome.GroupsRecorded} self-identification(s) recorded apart from the ratings.");
                return 0;
            },
            ct));
        return import;
    }

    private static Command Export(TextWriter output, TextWriter error)
    {
        var file = new Option<string?>("--output", "-o") { Description = "Where to write the CSV (replaced only once the whole file is written). Without it, the CSV goes to standard output." };
        var export = new Command("export", "Write the current stored ratings as a ratings CSV (docs/ratings-csv.md), with the candidates' self-identified groups; superseded ratings are left out.") { file };
        export.SetAction((parsed, ct) => HostForCommand.RunAsync(
            error,
            async services =>
            {
                await using var scope = services.CreateAsyncScope();
                var library = scope.ServiceProvider.GetRequiredService<RatingsLibrary>();
                var path = parsed.GetValue(file);
                var outcome = path is null
                    ? await library.ExportAsync(output, ct)
                    : await RatingsExportFile.WriteAsync(path, library, error, ct);
                if (outcome is null)
                {
                    return 1;
                }

                if (!outcome.Succeeded)
                {
                    foreach (var problem in outcome.Problems.Take(100))
                    {
                        await error.WriteLineAsync(ShownText.Quote($"rapport: {problem}", int.MaxValue));
                    }

                    await error.WriteLineAsync($"rapport: {outcome.Problems.Count} stored value(s) would not read back the same from a CSV; nothing was exported. Correct them in the database, then export again.");
                    return 1;
                }

                // With the CSV on standard output, the summary goes to standard error.
                var where = path is null ? "" : $" to {path}";
                await (path is null ? error : output).WriteLineAsync(outcome.Ratings == 0
                    ? $"No current ratings are stored: wrote the header only{where}."
                    : $"Exported {outcome.Ratings} current rating(s){where}.");
                return 0;
            },
            ct,
            logsToStandardError: true));
        return export;
    }
}
