namespace Rapport.Stats.Tests;

/// <summary>
/// Golden values: the upper 5% and 1% points of chi-square (Abramowitz and Stegun Table 26.8,
/// printed there to 3–4 decimals; here to full precision as R's qchisq gives them), whose tail
/// probabilities must come back as 0.05 and 0.01.
/// </summary>
public sealed class ChiSquareDistributionTests
{
    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(6.634896601021214, 1, 0.01)]
    [InlineData(5.991464547107979, 2, 0.05)]
    [InlineData(7.814727903251178, 3, 0.05)]
    [InlineData(18.307038053275146, 10, 0.05)]
    public void ChiSquareDistribution_UpperTail_AtPublishedCriticalValues_GivesTheirLevel(double x, int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, ChiSquareDistribution.UpperTail(x, degreesOfFreedom), 1e-10);

    [Fact]
    public void ChiSquareDistribution_OneDegreeOfFreedom_IsTheSquaredNormalTail() =>
        // P(χ²₁ > 1.96²) = 2·(1 − Φ(1.96)) = 2·(1 − 0.975002104851780), Abramowitz and Stegun Table 26.1.
        Assert.Equal(2 * (1 - 0.975002104851780), ChiSquareDistribution.UpperTail(1.96 * 1.96, 1), 1e-14);

    [Fact]
    public void ChiSquareDistribution_ZeroDegreesOfFreedom_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquareDistribution.UpperTail(1, 0));
}
