namespace Rapport.Rooms.Bench;

/// <summary>The measurement window: clients count edits and latencies only while it is open.</summary>
internal sealed class Measurement
{
    private volatile bool open;

    public bool IsOpen => open;

    public void Open() => open = true;

    public void Close() => open = false;
}

/// <summary>
/// What one client did and saw, changed only under that client's lock: typed and pushes within
/// the measurement window; refusals, gaps, failures and disconnects over the whole run.
/// </summary>
internal sealed class Tally
{
    public int Typed { get; set; }

    public int Pushes { get; set; }

    public int Refused { get; set; }

    public int Gaps { get; set; }

    public int Failures { get; set; }

    public int Disconnects { get; set; }

    public string? LastProblem { get; set; }

    /// <summary>Each reason the server gave for refusing a push, with how often.</summary>
    public Dictionary<string, int> RefusedBecause { get; } = [];
}

/// <summary>One scale's figures. Memory in KiB (VmRSS), CPU as % of one core over the window.</summary>
internal sealed record ScaleResult(
    int Rooms,
    int OpenedRooms,
    double SetupSeconds,
    double OpenSeconds,
    double WindowSeconds,
    double NominalKeysPerSecond,
    double TypedKeysPerSecond,
    IReadOnlyList<double> SortedLatenciesMs,
    double ServerCpuPercent,
    double GeneratorCpuPercent,
    double IdleServerCpuPercent,
    long RssBefore,
    long RssIdle,
    long RssActivePeak,
    int ThreadsIdle,
    int ThreadsPeak,
    int ConvergedRooms,
    int Pushes,
    int Refused,
    int Gaps,
    int Failures,
    int Disconnects,
    string LoadAverage,
    string? LastProblem,
    IReadOnlyDictionary<string, int> RefusedBecause)
{
    public double IdlePerRoomKb => OpenedRooms == 0 ? double.NaN : (RssIdle - RssBefore) / (double)OpenedRooms;

    public double ActivePerRoomKb => OpenedRooms == 0 ? double.NaN : (RssActivePeak - RssBefore) / (double)OpenedRooms;

    /// <summary>Server CPU time per push over the window (pushes carry one or more edits).</summary>
    public double ServerCpuMsPerPush => Pushes == 0 ? double.NaN : ServerCpuPercent / 100 * WindowSeconds * 1000 / Pushes;
}

internal static class Stats
{
    /// <summary>Nearest rank on sorted values: the smallest value with at least p of them at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static long Median(IReadOnlyList<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static void Print(IReadOnlyList<ScaleResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("| rooms (clients) | keys/s typed (nominal) | edits/s reaching the peer | push-to-peer p50 | p90 | p99 | max | server CPU | generator CPU | server CPU, rooms idle | converged |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var l = r.SortedLatenciesMs;
            Console.WriteLine($"| {r.OpenedRooms:N0} ({r.OpenedRooms * 2:N0}) | {r.TypedKeysPerSecond:N0} ({r.NominalKeysPerSecond:N0}) | {l.Count / r.WindowSeconds:N0} | {Percentile(l, 0.5):0.0} ms | {Percentile(l, 0.9):0.0} ms | {Percentile(l, 0.99):0.0} ms | {(l.Count == 0 ? double.NaN : l[^1]):0} ms | {r.ServerCpuPercent:0} % | {r.GeneratorCpuPercent:0} % | {r.IdleServerCpuPercent:0} % | {r.ConvergedRooms:N0}/{r.OpenedRooms:N0} |");
        }

        Console.WriteLine();
        Console.WriteLine("| rooms | server RSS before | with idle rooms | per idle room | peak while typing | per active room | server threads idle → peak | pushes (window) | server CPU per push | refused | gaps pulled | failed calls | disconnects | load average (1/5/15 min) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.OpenedRooms:N0} | {r.RssBefore / 1024.0:N0} MiB | {r.RssIdle / 1024.0:N0} MiB | {r.IdlePerRoomKb:N0} KiB | {r.RssActivePeak / 1024.0:N0} MiB | {r.ActivePerRoomKb:N0} KiB | {r.ThreadsIdle} → {r.ThreadsPeak} | {r.Pushes:N0} | {r.ServerCpuMsPerPush:0.0} ms | {r.Refused:N0} | {r.Gaps:N0} | {r.Failures:N0} | {r.Disconnects:N0} | {r.LoadAverage} |");
        }

        foreach (var r in results.Where(r => r.LastProblem is not null))
        {
            Console.WriteLine($"# {r.Rooms} rooms, last problem a client saw: {r.LastProblem}");
        }

        foreach (var r in results)
        {
            foreach (var (reason, count) in r.RefusedBecause)
            {
                Console.WriteLine($"# {r.Rooms} rooms, pushes refused {count:N0} times with: {reason}");
            }
        }
    }
}
