namespace Rapport.Stats.Calibration;

/// <summary>
/// A fixed split of work into contiguous ranges, one per thread. The split depends only on the
/// data and the thread count, and partial sums are always added in range order, so a fit with
/// the same thread count gives bit-for-bit the same numbers on every run.
/// </summary>
internal sealed class Partitions
{
    private readonly int[] bounds;

    private Partitions(int[] bounds) => this.bounds = bounds;

    public int Count => bounds.Length - 1;

    public int Start(int part) => bounds[part];

    public int End(int part) => bounds[part + 1];

    /// <summary>[0, count) in <paramref name="parts"/> ranges of nearly equal length.</summary>
    public static Partitions Even(int count, int parts)
    {
        parts = Math.Max(1, Math.Min(parts, Math.Max(1, count)));
        var bounds = new int[parts + 1];
        for (var p = 0; p <= parts; p++)
        {
            bounds[p] = (int)((long)count * p / parts);
        }

        return new Partitions(bounds);
    }

    /// <summary>
    /// Ranges of groups (candidates) whose weights (ratings) are nearly equal: group g weighs
    /// starts[g + 1] − starts[g], and a range never splits a group.
    /// </summary>
    public static Partitions ByWeight(int[] starts, int parts)
    {
        var groups = starts.Length - 1;
        parts = Math.Max(1, Math.Min(parts, Math.Max(1, groups)));
        var total = starts[groups];
        var bounds = new int[parts + 1];
        var group = 0;
        for (var p = 1; p < parts; p++)
        {
            var target = (long)total * p / parts;
            while (group < groups && starts[group] < target)
            {
                group++;
            }

            bounds[p] = Math.Max(bounds[p - 1], group);
        }

        bounds[parts] = groups;
        return new Partitions(bounds);
    }

    public void Run(Action<int> body)
    {
        if (Count == 1)
        {
            body(0);
            return;
        }

        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = Count }, body);
    }
}
