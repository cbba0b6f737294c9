using Rapport.Features.Runs;

namespace Rapport.Tests.Runs;

public sealed class RunStatisticsTests
{
    // The nearest-rank method's worked example (Wikipedia, "Percentile", nearest-rank method):
    // for 15, 20, 35, 40, 50 the 30th percentile is 20, the 40th 20, the 50th 35, the 100th 50.
    [Theory]
    [InlineData(0.30, 20)]
    [InlineData(0.40, 20)]
    [InlineData(0.50, 35)]
    [InlineData(1.00, 50)]
    public void Percentile_IsTheNearestRank(double fraction, double expected) =>
        Assert.Equal(expected, RunStatistics.Percentile([40, 15, 50, 35, 20], fraction));

    [Fact]
    public void Percentile_OfNothing_IsZero_NotAnError() => Assert.Equal(0, RunStatistics.Percentile([], 0.95));

    [Fact]
    public void ByLanguage_CountsVerdicts_AndLeavesRunsThatNeverRanOutOfTheRunningTime()
    {
        CodeRun Run(string language, string verdict, double wall, double total) =>
            new() { RequestedBy = "candidate", Language = language, CodeSha256 = new string('0', 64), Verdict = verdict, WallMilliseconds = wall, TotalMilliseconds = total };

        var summary = RunStatistics.ByLanguage(
        [
            Run("python", "Ok", 30, 35), Run("python", "Ok", 50, 52), Run("python", "Busy", 0, 1), Run("cpp", "CompileError", 0, 400),
        ]);

        Assert.Equal(["cpp", "python"], summary.Select(s => s.Language));
        var python = summary[1];
        Assert.Equal((3, 30.0, 52.0), (python.Runs, python.MedianWallMilliseconds, python.P95TotalMilliseconds));
        Assert.Equal(new Dictionary<string, int> { ["Ok"] = 2, ["Busy"] = 1 }, python.Verdicts);
    }
}
