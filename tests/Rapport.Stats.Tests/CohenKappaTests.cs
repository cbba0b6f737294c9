namespace Rapport.Stats.Tests;

public sealed class CohenKappaTests
{
    /// <summary>
    /// Cohen (1968), "Weighted kappa", Psychological Bulletin 70(4), Table 1: two judges, 200
    /// patients, personality disorder / neurosis / psychosis. Printed as proportions; counts are
    /// proportion × 200. Reproduced in the documentation of R's psych::cohen.kappa.
    /// </summary>
    internal static AgreementTable CohenTableOne() => AgreementTable.FromCounts(
    [
        [88, 14, 18],
        [10, 40, 10],
        [2, 6, 12],
    ]);

    /// <summary>
    /// A 3 × 3 table with SAS PROC FREQ's agreement output (kappa, ASE, 95% limits, ASE under H0, Z, p)
    /// as transcribed to four decimals in statsmodels' test suite (statsmodels/stats/tests/test_inter_rater.py, "table10").
    /// </summary>
    internal static AgreementTable SasTable() => AgreementTable.FromCounts(
    [
        [0, 4, 1],
        [0, 8, 0],
        [0, 1, 5],
    ]);

    /// <summary>
    /// Gwet, Handbook of Inter-Rater Reliability: 100 pregnancies classified by two abstractors
    /// (Ectopic, AIU, NIU); the data set cont3x3abstractors of Gwet's R package irrCAC.
    /// </summary>
    internal static AgreementTable GwetAbstractors() => AgreementTable.FromCounts(
    [
        [13, 0, 0],
        [0, 20, 7],
        [0, 4, 56],
    ]);

    [Fact]
    public void CohenKappa_CohensOwnTable_MatchesPublishedValue()
    {
        // Cohen reports kappa = .492 (p_o = .70, p_c = .41).
        var result = CohenKappa.Compute(CohenTableOne());

        Assert.Equal(0.492, result.Kappa, 0.0005);
        Assert.Equal(0.70, result.ObservedAgreement, 1e-12);
        Assert.Equal(0.41, result.ExpectedAgreement, 1e-12);
    }

    [Fact]
    public void CohenKappa_TwoByTwoTextbookExample_IsPointFour()
    {
        // Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, 20 yes/yes, 5 yes/no,
        // 10 no/yes, 15 no/no: p_o = 0.7, p_e = 0.5, kappa = 0.4 exactly.
        var result = CohenKappa.Compute(AgreementTable.FromCounts([[20, 5], [10, 15]]));

        Assert.Equal(0.4, result.Kappa, 1e-12);
    }

    [Fact]
    public void CohenKappa_SasExample_MatchesKappaAndItsStandardErrors()
    {
        var result = CohenKappa.Compute(SasTable());
        var (lower, upper) = result.ConfidenceInterval(0.95);

        Assert.Equal(0.4842, result.Kappa, 0.00005);
        Assert.Equal(0.1380, result.StandardError, 0.00005);
        Assert.Equal(0.2137, lower, 0.00005);
        Assert.Equal(0.7547, upper, 0.00005);
        Assert.Equal(0.1484, result.StandardErrorUnderNull, 0.00005);
        Assert.Equal(3.2626, result.Z!.Value, 0.00005);
        Assert.Equal(0.0011, result.PValue!.Value, 0.00005);
    }

    [Fact]
    public void CohenKappa_GwetAbstractors_MatchesIrrCac()
    {
        // irrCAC::kappa2.table(cont3x3abstractors) prints 0.7964094.
        Assert.Equal(0.7964094, CohenKappa.Compute(GwetAbstractors()).Kappa, 5e-8);
    }

    [Fact]
    public void CohenKappa_FromRatings_TabulatesUnitsBothRatersRated()
    {
        // The 2 × 2 example again, as raw ratings, with a unit the second rater missed.
        var first = Enumerable.Repeat<double?>(1, 25).Concat(Enumerable.Repeat<double?>(2, 25)).Append(1).ToList();
        var second = Enumerable.Repeat<double?>(1, 20).Concat(Enumerable.Repeat<double?>(2, 5))
            .Concat(Enumerable.Repeat<double?>(1, 10)).Concat(Enumerable.Repeat<double?>(2, 15)).Append(null).ToList();
        var table = AgreementTable.FromRatings(RatingMatrix.FromRaters([first, second]), 0, 1);

        Assert.Equal(50, table.Total);
        Assert.Equal(1, table.UnitsSkipped);
        Assert.Equal(0.4, CohenKappa.Compute(table).Kappa, 1e-12);
    }

    [Fact]
    public void CohenKappa_BothRatersUseOneCategory_IsUndefinedWithAnExplanation()
    {
        var ratings = RatingMatrix.FromUnits([[2, 2], [2, 2], [2, 2]], RatingScale.WholePoints(1, 4));
        var table = AgreementTable.FromRatings(ratings, 0, 1);

        var error = Assert.Throws<StatisticUndefinedException>(() => CohenKappa.Compute(table));

        Assert.Contains("Kappa is undefined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CohenKappa_NonSquareTable_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(() => AgreementTable.FromCounts([[1, 2, 3], [4, 5, 6]]));

        Assert.Contains("must be square", error.Message, StringComparison.Ordinal);
    }
}
