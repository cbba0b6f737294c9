using System.CommandLine;
using Rapport.Features.Insights;

namespace Rapport.Cli;

/// <summary><c>rapport ratings import FILE.csv</c>: store a ratings export for the Insights page.</summary>
internal static class RatingsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
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
                using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
                var outcome = await scope.ServiceProvider.GetRequiredService<RatingsLibrary>().ImportAsync(reader, Path.GetFileName(path), "rapport ratings import", ct);
                if (!outcome.Succeeded)
                {
                    foreach (var problem in outcome.Problems)
                    {
                        await error.WriteLineAsync($"{path}: {problem}");
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
        return new Command("ratings", "Store ratings for calibration and the Insights page.") { import };
    }
}
