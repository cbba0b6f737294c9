using Rapport.Sandbox;

namespace Rapport.Features.Runs;

/// <summary>A run's limits as people and scripts read them, the same in a run's record and in <c>rapport sandbox run --json</c>.</summary>
public static class RunLimitsJson
{
    public sealed record Limits(double CpuMs, double WallMs, long MemoryBytes, int Processes, int OutputBytes, long FileSizeBytes, int OpenFiles, long TmpBytes);

    public static Limits Describe(RunLimits limits) => new(
        limits.CpuTime.TotalMilliseconds,
        limits.WallTime.TotalMilliseconds,
        limits.MemoryBytes,
        limits.MaxProcesses,
        limits.OutputBytes,
        limits.FileSizeBytes,
        limits.OpenFiles,
        limits.TmpBytes);
}
