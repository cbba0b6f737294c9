namespace Rapport.Sandbox;

/// <summary>
/// Limits for one run step. CPU time, memory and processes are enforced per run by a cgroup
/// (covering every process the program starts); the wall clock by the sandbox; file size and
/// open files by rlimits; /tmp is a private tmpfs of <see cref="TmpBytes"/>.
/// </summary>
public sealed record RunLimits
{
    public const long MiB = 1024 * 1024;

    public TimeSpan CpuTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Real time, so a program that sleeps or waits for input is stopped too.</summary>
    public TimeSpan WallTime { get; init; } = TimeSpan.FromSeconds(5);

    public long MemoryBytes { get; init; } = 256 * MiB;

    /// <summary>Processes and threads together (the pids cgroup counts both).</summary>
    public int MaxProcesses { get; init; } = 64;

    /// <summary>Per stream (stdout, stderr); a program that prints more is stopped.</summary>
    public int OutputBytes { get; init; } = 64 * 1024;

    public long FileSizeBytes { get; init; } = 16 * MiB;

    public int OpenFiles { get; init; } = 64;

    public long TmpBytes { get; init; } = 32 * MiB;

    public static RunLimits Default { get; } = new();

    /// <summary>What is wrong with these limits, in words an operator can act on; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Check(CpuTime > TimeSpan.Zero && CpuTime <= TimeSpan.FromSeconds(60), "CPU time must be between 0 and 60 seconds.");
        Check(WallTime >= CpuTime && WallTime <= TimeSpan.FromSeconds(120), "Wall time must be at least the CPU time and at most 120 seconds.");
        Check(MemoryBytes is >= 32 * MiB and <= 4096 * MiB, "Memory must be between 32 MiB and 4 GiB.");
        Check(MaxProcesses is >= 16 and <= 1024, "Processes must be between 16 and 1024 (runtimes start threads, which count).");
        Check(OutputBytes is >= 1024 and <= (int)(16 * MiB), "Output must be between 1 KiB and 16 MiB.");
        Check(FileSizeBytes is >= 0 and <= 1024 * MiB, "File size must be between 0 and 1 GiB.");
        Check(OpenFiles is >= 16 and <= 4096, "Open files must be between 16 and 4096.");
        Check(TmpBytes is >= MiB and <= 1024 * MiB, "/tmp must be between 1 MiB and 1 GiB.");
        return problems;

        void Check(bool valid, string problem)
        {
            if (!valid)
            {
                problems.Add(problem);
            }
        }
    }
}
