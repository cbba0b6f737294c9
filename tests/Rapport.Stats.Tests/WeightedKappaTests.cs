namespace Rapport.Stats.Tests;

public sealed class WeightedKappaTests
{
    [Fact]
    public void WeightedKappa_CohensDisagreementWeights_MatchesPublishedValue()
    {
        // Cohen (1968), Table 1 with his weights v: 1 for personality disorder vs neurosis,
        // 3 for personality disorder vs psychosis, 6 for neurosis vs psychosis. He reports
        // kappa_w = .348 (quoted in the psych::cohen.kappa documentation).
        var result = WeightedKappa.Compute(CohenKappaTests.CohenTableOne(), [[0, 1, 3], [1, 0, 6], [3, 6, 0]]);

        Assert.Equal(0.348, result.Kappa, 0.0005);
    }

    [Fact]
    public void WeightedKappa_CohensAsymmetricWeights_MatchesPublishedValue()
    {
        // Cohen (1968) also weighs the same table asymmetrically and reports kappa_w = .353.
        var result = WeightedKappa.Compute(CohenKappaTests.CohenTableOne(), [[0, 1, 4], [1, 0, 6], [2, 2, 0]]);

        Assert.Equal(0.353, result.Kappa, 0.0005);
    }

    [Fact]
    public void WeightedKappa_LinearWeights_MatchSasCicchettiAllisonOutput()
    {
        // SAS PROC FREQ weighted kappa (Cicchetti–Allison weights) on the statsmodels "table10".
        var result = WeightedKappa.Compute(CohenKappaTests.SasTable(), KappaWeighting.Linear);
        var (lower, upper) = result.ConfidenceInterval(0.95);

        Assert.Equal(0.4701, result.Kappa, 0.00005);
        Assert.Equal(0.1457, result.StandardError, 0.00005);
        Assert.Equal(0.1845, lower, 0.00005);
        Assert.Equal(0.7558, upper, 0.00005);
        Assert.Equal(0.1426, result.StandardErrorUnderNull, 0.00005);
        Assert.Equal(3.2971, result.Z!.Value, 0.00005);
        Assert.Equal(0.0010, result.PValue!.Value, 0.00005);
    }

    [Fact]
    public void WeightedKappa_QuadraticWeights_MatchIrrCacOnGwetsAbstractors()
    {
        // irrCAC::kappa2.table(cont3x3abstractors, weights = quadratic.weights(1:3)) prints 0.8921569.
        var result = WeightedKappa.Compute(CohenKappaTests.GwetAbstractors(), KappaWeighting.Quadratic);

        Assert.Equal(0.8921569, result.Kappa, 5e-8);
    }

    [Fact]
    public void WeightedKappa_AllDisagreementWeightsZero_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(
            () => WeightedKappa.Compute(CohenKappaTests.CohenTableOne(), [[0, 0, 0], [0, 0, 0], [0, 0, 0]]));

        Assert.Contains("Give graver disagreements larger weights", error.Message, StringComparison.Ordinal);
    }
}
