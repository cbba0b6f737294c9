namespace Rapport.Sandbox.Tests;

public sealed class RunLimitsTests
{
    [Fact]
    public void Defaults_AreValid() => Assert.Empty(RunLimits.Default.Validate());

    [Fact]
    public void EachLimitOutOfRange_IsNamed()
    {
        var problems = new RunLimits
        {
            CpuTime = TimeSpan.Zero,
            WallTime = TimeSpan.FromMinutes(5),
            MemoryBytes = 8 * RunLimits.MiB,
            MaxProcesses = 5000,
            OutputBytes = 10,
            FileSizeBytes = -1,
            OpenFiles = 3,
            TmpBytes = 0,
        }.Validate();

        Assert.Equal(8, problems.Count);
        Assert.Equal("CPU time must be between 0 and 60 seconds.", problems[0]);
        Assert.Equal("/tmp must be between 1 MiB and 1 GiB.", problems[7]);
    }
}
