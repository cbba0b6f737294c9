namespace Rapport.Features.Runs;

/// <summary>One language's runs over a period, for the operators' page.</summary>
public sealed record LanguageRunSummary(string Language, int Runs, double MedianWallMilliseconds, double P95TotalMilliseconds, IReadOnlyDictionary<string, int> Verdicts);

public static class RunStatistics
{
    /// <summary>Per language: count, median time running, 95th percentile of press-to-verdict (queueing included), verdict counts.</summary>
    public static IReadOnlyList<LanguageRunSummary> ByLanguage(IEnumerable<CodeRun> runs) =>
        [.. runs.GroupBy(r => r.Language, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LanguageRunSummary(
                g.Key,
                g.Count(),
                Percentile([.. g.Where(r => r.WallMilliseconds > 0).Select(r => r.WallMilliseconds)], 0.5),
                Percentile([.. g.Select(r => r.TotalMilliseconds)], 0.95),
                g.GroupBy(r => r.Verdict, StringComparer.Ordinal).OrderByDescending(v => v.Count()).ToDictionary(v => v.Key, v => v.Count(), StringComparer.Ordinal)))];

    /// <summary>The nearest-rank percentile (0 for no values): a value that really occurred, no interpolation.</summary>
    public static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
