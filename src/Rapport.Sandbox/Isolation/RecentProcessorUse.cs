namespace Rapport.Sandbox.Isolation;

/// <summary>
/// The cgroup's CPU readings over the last stretch of a run (<see cref="WallClockStop.Window"/>),
/// kept while the run is supervised: what a wall-clock stop is judged by.
/// </summary>
internal sealed class RecentProcessorUse(TimeSpan window)
{
    private readonly Queue<(TimeSpan At, TimeSpan Cpu)> readings = new([(TimeSpan.Zero, TimeSpan.Zero)]);
    private (TimeSpan At, TimeSpan Cpu) latest = (TimeSpan.Zero, TimeSpan.Zero);

    /// <param name="at">Time since the run started.</param>
    /// <param name="cpu">Processor time the run has used since it started.</param>
    public void Add(TimeSpan at, TimeSpan cpu)
    {
        latest = (at, cpu);
        readings.Enqueue(latest);
        // One reading at or before the window's start stays, so the stretch covers the whole window.
        while (readings.Count > 2 && at - readings.ElementAt(1).At >= window)
        {
            readings.Dequeue();
        }
    }

    /// <summary>How long the last stretch measured was, and the processor time used in it.</summary>
    public (TimeSpan Span, TimeSpan Cpu) Stretch
    {
        get
        {
            var first = readings.Peek();
            return (latest.At - first.At, latest.Cpu - first.Cpu);
        }
    }
}
