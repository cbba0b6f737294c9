using System.CommandLine;
using System.Globalization;
using Rapport.Infrastructure;
using Rapport.Stats;
using Rapport.Stats.Ratings;

namespace Rapport.Cli;

/// <summary>The ratings CSV options the calibration commands share, and reading the file with its problems on stderr.</summary>
internal static class RatingsFile
{
    public static Option<string> RatingsOption() => new("--ratings")
    {
        Description = "The ratings CSV (docs/ratings-csv.md): one row per rating of one signal.",
        Required = true,
    };

    public static Option<RatingScale> ScaleOption() => new("--scale")
    {
        Description = "The rating scale as LOWEST-HIGHEST whole points, for example 1-4 (the default) or 1-5.",
        DefaultValueFactory = _ => RatingScale.WholePoints(1, 4),
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var parts = text.Split('-', 2);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                && low < high && high - low <= 9)
            {
                return RatingScale.WholePoints(low, high);
            }

            result.AddError($"--scale '{text}' is not a scale Rapport can use: write the lowest and highest whole points, for example 1-4 or 1-5 (2 to 10 points).");
            return null!;
        },
    };

    /// <summary>Reads the file all or nothing; on problems prints each with its line to <paramref name="error"/> and returns null.</summary>
    public static async Task<RatingsImport?> ReadAsync(string path, RatingScale scale, TextWriter error, CancellationToken ct, IProgress<CalibrationProgress>? progress = null)
    {
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"rapport: --ratings: there is no file '{path}'. Give the path of the ratings CSV.");
            return null;
        }

        var import = await Task.Run(
            () =>
            {
                using var stream = File.OpenRead(path);
                return RatingsCsv.Read(stream, scale, "Correct the rating, or, if the interviewers rated on another scale, run again with that scale, for example --scale 1-5.", progress);
            },
            ct);
        if (import.Succeeded)
        {
            return import;
        }

        (progress as ProgressLine)?.Clear();

        foreach (var problem in import.Problems)
        {
            await error.WriteLineAsync(ShownText.Quote($"{path}: {problem}", int.MaxValue));
        }

        if (import.ProblemCount > import.Problems.Count)
        {
            await error.WriteLineAsync($"… and {import.ProblemCount - import.Problems.Count} more problem(s).");
        }

        await error.WriteLineAsync($"rapport: {import.ProblemCount} problem(s) in {path}; nothing was read. Fix them and run again.");
        return null;
    }
}
