namespace Rapport.Stats.Tests;

/// <summary>
/// Golden values: Abramowitz and Stegun (1964), Handbook of Mathematical Functions, Table 26.1
/// (P(x) to 15 decimals) and Table 26.2 (upper tail Q(x) for large x); the same values as R's
/// pnorm/qnorm to the digits shown.
/// </summary>
public sealed class NormalDistributionTests
{
    [Theory]
    [InlineData(1.00, 0.841344746068543)]
    [InlineData(1.96, 0.975002104851780)]
    [InlineData(2.00, 0.977249868051821)]
    [InlineData(3.00, 0.998650101968370)]
    public void NormalDistribution_Cdf_MatchesAbramowitzStegunTable(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.Cdf(x), 1e-15);

    [Fact]
    public void NormalDistribution_CdfAtMinusX_IsTheComplement() =>
        Assert.Equal(1 - 0.975002104851780, NormalDistribution.Cdf(-1.96), 1e-15);

    [Theory]
    [InlineData(5.0, 2.866515718791939e-7)]
    [InlineData(10.0, 7.619853024160527e-24)]
    public void NormalDistribution_UpperTail_KeepsRelativePrecisionFarOut(double x, double expected) =>
        Assert.Equal(1, NormalDistribution.UpperTail(x) / expected, 1e-13);

    [Fact]
    public void NormalDistribution_UpperTail_AtTwentyStandardDeviations_IsStillAccurate() =>
        // Q(20) = 2.753624e-89, printed to 7 significant digits.
        Assert.Equal(1, NormalDistribution.UpperTail(20) / 2.753624e-89, 5e-7);

    [Theory]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.1572992070502851)]
    [InlineData(2.0, 0.004677734981047266)]
    public void NormalDistribution_Erfc_MatchesKnownValues(double x, double expected) =>
        Assert.Equal(1, NormalDistribution.Erfc(x) / expected, 1e-14);

    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.995, 2.575829303548901)]
    [InlineData(0.025, -1.959963984540054)]
    public void NormalDistribution_InverseCdf_MatchesPublishedQuantiles(double p, double expected) =>
        Assert.Equal(expected, NormalDistribution.InverseCdf(p), 1e-12);

    [Theory]
    [InlineData(1e-12)]
    [InlineData(0.3)]
    [InlineData(0.999999)]
    public void NormalDistribution_InverseCdf_RoundTripsThroughCdf(double p) =>
        Assert.Equal(1, NormalDistribution.Cdf(NormalDistribution.InverseCdf(p)) / p, 1e-12);
}
