using System.Collections.Concurrent;

namespace Rapport.Features.Insights;

/// <summary>
/// The last calibration of the stored ratings, kept until an import or a scorecard changes them: a fit of a few
/// thousand ratings takes about a second on a busy two-core machine, which every page view would
/// otherwise pay. Two entries at most: with groups (hiring managers) and without (interviewers).
/// </summary>
public sealed class CalibrationCache
{
    private readonly ConcurrentDictionary<bool, (string Stamp, object Value)> entries = new();

    /// <summary>The value for <paramref name="stamp"/>, computing it when the stored ratings have changed since.</summary>
    public async Task<T> GetAsync<T>(bool withGroups, string stamp, Func<Task<T>> compute)
        where T : class
    {
        if (entries.TryGetValue(withGroups, out var entry) && entry.Stamp == stamp && entry.Value is T cached)
        {
            return cached;
        }

        var value = await compute();
        entries[withGroups] = (stamp, value);
        return value;
    }
}
