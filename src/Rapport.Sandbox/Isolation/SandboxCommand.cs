namespace Rapport.Sandbox.Isolation;

/// <summary>What to run inside the sandbox: argv, environment and the extra binds it needs.</summary>
internal sealed record SandboxCommand
{
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The whole environment the program sees; nothing of the host's leaks in.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<BindMount> Mounts { get; init; } = [];

    public string WorkingDirectory { get; init; } = SandboxPaths.Box;
}

internal sealed record BindMount(string HostPath, string SandboxPath, bool Writable);

internal static class SandboxPaths
{
    /// <summary>The run directory as the program sees it.</summary>
    public const string Box = "/box";

    public const string Compiler = "/compiler";
}

/// <summary>
/// Limits of one sandboxed process tree. A null CPU time means no CPU rlimit (the long-lived
/// compiler worker, whose compiles are timed one by one); a null wall time means no clock.
/// </summary>
internal sealed record StepLimits
{
    public TimeSpan? CpuTime { get; init; }

    public TimeSpan? WallTime { get; init; }

    public required long MemoryBytes { get; init; }

    public required int MaxProcesses { get; init; }

    public int OutputBytes { get; init; } = 64 * 1024;

    public long FileSizeBytes { get; init; } = 16 * RunLimits.MiB;

    public int OpenFiles { get; init; } = 64;

    public long TmpBytes { get; init; } = 32 * RunLimits.MiB;

    /// <summary>CPU bandwidth: one core per run, so two runs on two cores never starve the host.</summary>
    public double Cores { get; init; } = 1;

    public static StepLimits From(RunLimits limits) => new()
    {
        CpuTime = limits.CpuTime,
        WallTime = limits.WallTime,
        MemoryBytes = limits.MemoryBytes,
        MaxProcesses = limits.MaxProcesses,
        OutputBytes = limits.OutputBytes,
        FileSizeBytes = limits.FileSizeBytes,
        OpenFiles = limits.OpenFiles,
        TmpBytes = limits.TmpBytes,
    };
}
