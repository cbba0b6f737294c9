namespace Rapport.Stats;

/// <summary>
/// The two-proportion z-test with pooled variance, the "two standard deviations" test of
/// adverse impact analyses. Its z² equals Pearson's chi-square without continuity correction.
/// </summary>
public static class TwoProportionZTest
{
    public static TwoProportionZTestResult Compute(int successesFirst, int sizeFirst, int successesSecond, int sizeSecond)
    {
        if (!TryCompute(successesFirst, sizeFirst, successesSecond, sizeSecond, out var result))
        {
            throw new StatisticUndefinedException(
                "The z-test is undefined: either a group is empty or every member of both groups had the same outcome (all selected or none), so the pooled variance is 0. Report the selection rates instead.");
        }

        return result;
    }

    /// <summary>The test, or false when it is undefined (an empty group, or a pooled proportion of 0 or 1).</summary>
    public static bool TryCompute(int successesFirst, int sizeFirst, int successesSecond, int sizeSecond, out TwoProportionZTestResult result)
    {
        GroupOutcome.Check(successesFirst, sizeFirst, "the first group");
        GroupOutcome.Check(successesSecond, sizeSecond, "the second group");
        result = null!;
        if (sizeFirst == 0 || sizeSecond == 0)
        {
            return false;
        }

        var first = successesFirst / (double)sizeFirst;
        var second = successesSecond / (double)sizeSecond;
        var pooled = ((double)successesFirst + successesSecond) / ((double)sizeFirst + sizeSecond);
        var variance = pooled * (1 - pooled) * ((1.0 / sizeFirst) + (1.0 / sizeSecond));
        if (variance <= 0)
        {
            return false;
        }

        var z = (first - second) / Math.Sqrt(variance);
        result = new TwoProportionZTestResult(z, NormalDistribution.TwoSidedPValue(z), first - second, pooled);
        return true;
    }
}
