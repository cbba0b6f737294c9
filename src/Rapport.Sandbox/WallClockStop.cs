namespace Rapport.Sandbox;

/// <summary>What a program was doing when the wall clock stopped it.</summary>
public enum StoppedWhile
{
    /// <summary>Next to no processor time at the end: waiting for input, sleeping, blocked.</summary>
    Waiting,

    /// <summary>On the processor as much as it was let: a loop, or work too slow for the input.</summary>
    Computing,

    /// <summary>Computing, but the server gave it less than half a processor: a loop all the same.</summary>
    ComputingOnABusyServer,
}

/// <summary>
/// Tells a program that waited from one that computed when the wall clock stops it, from the
/// processor time its cgroup used (<c>cpu.stat</c> usage_usec on v2, <c>cpuacct.usage</c> on v1)
/// in the last stretch before the stop, never from the clock. Not from the whole run: a loaded
/// server stretches a loop's run without giving it much processor (measured here, load average
/// 41 on 2 cores: <c>while True: pass</c> had 0.44 s in its first 3 s, 15%, and 0.23 s in its
/// third second), while a runtime's start costs a sleeping program a fixed amount up front
/// (Python 0.10 s, Node 0.12 s in their first 3 s under that load, then 0.000 s in the third
/// second). A whole-run share therefore calls a loop on a busy server a sleeper, and a sleeper
/// with a short limit a loop; the last stretch tells them apart by two orders of magnitude.
/// </summary>
public static class WallClockStop
{
    /// <summary>Under this share of one processor in the last stretch, the program was waiting.</summary>
    public const double WaitingShare = 0.01;

    /// <summary>Under this share it computed on a server too busy to give it its processor.</summary>
    public const double BusyServerShare = 0.5;

    /// <summary>The last stretch: one second, or half the limit when that is shorter, so startup stays out of it.</summary>
    public static TimeSpan Window(TimeSpan wallLimit) => wallLimit / 2 < TimeSpan.FromSeconds(1) ? wallLimit / 2 : TimeSpan.FromSeconds(1);

    /// <param name="span">How long the last stretch measured really was (wall time between the two readings).</param>
    /// <param name="cpu">Processor time the run's cgroup used in it.</param>
    public static StoppedWhile Classify(TimeSpan span, TimeSpan cpu)
    {
        if (span <= TimeSpan.Zero)
        {
            // Nothing measured (a stop before the first reading): only a program that used nothing waited.
            return cpu <= TimeSpan.Zero ? StoppedWhile.Waiting : StoppedWhile.ComputingOnABusyServer;
        }

        var share = cpu / span;
        return share < WaitingShare ? StoppedWhile.Waiting
            : share < BusyServerShare ? StoppedWhile.ComputingOnABusyServer
            : StoppedWhile.Computing;
    }
}
