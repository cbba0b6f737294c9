namespace Rapport.Stats.Tests;

public sealed class TwoProportionZTestTests
{
    [Fact]
    public void TwoProportionZTest_StatsmodelsDocumentationExample_MatchesPublishedValues()
    {
        // statsmodels.stats.proportion.proportions_ztest documentation: count = [5, 12],
        // nobs = [83, 99] prints p = 0.159 (z = −1.408). The statsmodels test suite pins
        // z = −1.4078304151258787 and p = 0.15918129181156992 for the same input.
        var result = TwoProportionZTest.Compute(5, 83, 12, 99);

        Assert.Equal(-1.408, result.Z, 0.0005);
        Assert.Equal(0.159, result.PValue, 0.0005);
        Assert.Equal(-1.4078304151258787, result.Z, 1e-12);
        Assert.Equal(0.15918129181156992, result.PValue, 1e-12);
    }

    [Fact]
    public void TwoProportionZTest_EveryoneSelected_IsUndefinedWithAnExplanation()
    {
        var error = Assert.Throws<StatisticUndefinedException>(() => TwoProportionZTest.Compute(10, 10, 20, 20));

        Assert.Contains("same outcome", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoProportionZTest_MoreSelectedThanApplicants_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(() => TwoProportionZTest.Compute(12, 10, 3, 20));

        Assert.Contains("check that the two columns are not swapped", error.Message, StringComparison.Ordinal);
    }
}
