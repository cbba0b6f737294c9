namespace Rapport.Sandbox.Isolation;

internal enum StopReason
{
    /// <summary>The program ended by itself (exit or crash).</summary>
    None,
    CpuLimit,
    WallLimit,
    OutputLimit,
    Cancelled,
}

/// <summary>The raw facts of one sandboxed step, before any verdict is drawn from them.</summary>
internal sealed record StepOutcome
{
    /// <summary>False when the sandbox itself never got the program started (a setup failure, never the candidate's fault).</summary>
    public required bool Started { get; init; }

    public int? ExitCode { get; init; }

    public int? Signal { get; init; }

    public required StopReason StopReason { get; init; }

    public TimeSpan CpuTime { get; init; }

    public TimeSpan WallTime { get; init; }

    /// <summary>The last stretch before the step ended (<see cref="WallClockStop.Window"/>), as measured: its length…</summary>
    public TimeSpan RecentSpan { get; init; }

    /// <summary>…and the processor time the cgroup used in it.</summary>
    public TimeSpan RecentCpuTime { get; init; }

    public long? PeakMemoryBytes { get; init; }

    /// <summary>From the cgroup's OOM record (memory.oom_control or memory.events), not guessed from a signal.</summary>
    public long OomKills { get; init; }

    public long ProcessLimitHits { get; init; }

    public string Stdout { get; init; } = "";

    public string Stderr { get; init; } = "";

    public bool OutputTruncated { get; init; }

    /// <summary>What the launcher or bubblewrap said when it failed to start the program.</summary>
    public string? SetupError { get; init; }

    /// <summary>How the host's own process (the launcher, exec'd into bubblewrap) ended: for operators, when bubblewrap reported no exit status.</summary>
    public int? HostExitCode { get; init; }

    /// <summary>For operators, the facts of an ending no verdict explains: what each layer reported, and the end of stderr.</summary>
    public string Account()
    {
        var status = ExitCode is { } code ? $"exit code {code}"
            : Signal is { } signal ? $"signal {signal}"
            : $"no exit status from bubblewrap (its process ended with {HostExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"})";
        var stderr = Stderr.Length <= 1000 ? Stderr : "..." + Stderr[^1000..];
        return $"{status}, {ProcessLimitHits} process-limit hits, {OomKills} OOM kills, CPU {CpuTime.TotalMilliseconds:0} ms, wall {WallTime.TotalMilliseconds:0} ms, stderr: {(stderr.Length == 0 ? "(empty)" : stderr.Trim())}";
    }
}
