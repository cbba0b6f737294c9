namespace Rapport.Stats.Tests;

public sealed class FisherExactTestTests
{
    [Fact]
    public void FisherExactTest_LadyTastingTea_MatchesFishersProbabilities()
    {
        // Fisher (1935), The Design of Experiments: 8 cups, 4 with milk first, 3 identified
        // correctly. P(3 or 4 right) = (16 + 1)/70 = 0.2429; the two-sided p-value adds the
        // equally unlikely 0 and 1 right: 34/70 = 0.4857. R's fisher.test(TeaTasting) prints both.
        var result = FisherExactTest.Compute(3, 1, 1, 3);

        Assert.Equal(17.0 / 70, result.PValueGreater, 1e-12);
        Assert.Equal(34.0 / 70, result.PValue, 1e-12);
        Assert.Equal(0.2429, result.PValueGreater, 0.00005);
        Assert.Equal(0.4857, result.PValue, 0.00005);
    }

    [Fact]
    public void FisherExactTest_TwinConvictions_MatchesRDocumentation()
    {
        // Fisher (1962, 1970), criminal convictions of like-sex twins: dizygotic 2 convicted of 17,
        // monozygotic 10 of 13. R's fisher.test(Convictions) documents p = 0.0004652 one-sided
        // (alternative = "less") and p = 0.0005367 two-sided.
        var result = FisherExactTest.Compute(2, 15, 10, 3);

        Assert.Equal(0.0004652, result.PValueLess, 5e-8);
        Assert.Equal(0.0005367, result.PValue, 5e-8);
    }

    [Fact]
    public void FisherExactTest_LargeTable_NeitherOverflowsNorLosesTheTail()
    {
        // 48 of 80 against 12 of 40, scaled by 10 000: factorials of 1.2 million would overflow,
        // the ratio recurrence must not, and the observed table lies far in the upper tail.
        var result = FisherExactTest.Compute(480_000, 320_000, 120_000, 280_000);

        Assert.True(result.PValueLess > 0.999);
        Assert.True(result.PValueGreater < 1e-300 || result.PValueGreater == 0);
        Assert.InRange(result.PValue, 0, 1e-300);
    }

    [Fact]
    public void FisherExactTest_EmptyTable_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => FisherExactTest.Compute(0, 0, 0, 0));

        Assert.Contains("table is empty", error.Message, StringComparison.Ordinal);
    }
}
