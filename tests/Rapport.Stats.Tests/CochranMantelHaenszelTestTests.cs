namespace Rapport.Stats.Tests;

/// <summary>
/// Golden values: the examples of R's mantelhaen.test documentation, whose printed output is
/// reproduced in many places (statistic to 4 decimals, p-value to 4 significant digits, odds
/// ratio and interval to 7).
/// </summary>
public sealed class CochranMantelHaenszelTestTests
{
    // Agresti (1990) pp. 231–237, penicillin and rabbits (after Mantel 1963): per penicillin
    // level, rows are immediate / 1.5 h delayed injection, columns cured / died.
    private static readonly TwoByTwoTable[] Rabbits =
    [
        new(0, 6, 0, 5),
        new(3, 3, 0, 6),
        new(6, 0, 2, 4),
        new(5, 1, 6, 0),
        new(2, 0, 5, 0),
    ];

    [Fact]
    public void CochranMantelHaenszel_PenicillinAndRabbits_MatchesPublishedStatistic()
    {
        // R: Mantel-Haenszel X-squared = 3.9286, df = 1, p-value = 0.04747 (with continuity correction).
        var result = CochranMantelHaenszelTest.Compute(Rabbits);

        Assert.True(result.ContinuityCorrected);
        Assert.Equal(3.9286, result.ChiSquare, 0.00005);
        Assert.Equal(0.04747, result.PValue, 0.000005);
    }

    [Fact]
    public void CochranMantelHaenszel_PenicillinAndRabbits_MatchesPublishedCommonOddsRatio()
    {
        // R: common odds ratio 7, 95 percent confidence interval 1.026713 47.725133.
        var result = CochranMantelHaenszelTest.Compute(Rabbits);

        Assert.Equal(7, result.CommonOddsRatio!.Value, 1e-12);
        Assert.Equal(1.026713, result.OddsRatioLower!.Value, 5e-7);
        Assert.Equal(47.725133, result.OddsRatioUpper!.Value, 5e-7);
    }

    [Fact]
    public void CochranMantelHaenszel_WithoutCorrection_IsLarger()
    {
        var corrected = CochranMantelHaenszelTest.Compute(Rabbits);
        var uncorrected = CochranMantelHaenszelTest.Compute(Rabbits, continuityCorrection: false);

        Assert.False(uncorrected.ContinuityCorrected);
        Assert.True(uncorrected.ChiSquare > corrected.ChiSquare);
        Assert.True(uncorrected.PValue < corrected.PValue);
    }

    [Fact]
    public void CochranMantelHaenszel_StratumOfOne_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(() => CochranMantelHaenszelTest.Compute([new(1, 0, 0, 0), new(2, 3, 4, 5)]));

        Assert.Contains("Stratum 1 has 1 subject(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CochranMantelHaenszel_NoStratumWithBothOutcomes_IsUndefinedWithAnExplanation()
    {
        var error = Assert.Throws<StatisticUndefinedException>(() => CochranMantelHaenszelTest.Compute([new(3, 0, 4, 0), new(2, 0, 5, 0)]));

        Assert.Contains("no stratum carries information", error.Message, StringComparison.Ordinal);
    }
}
