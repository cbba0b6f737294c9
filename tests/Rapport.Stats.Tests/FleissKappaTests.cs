namespace Rapport.Stats.Tests;

public sealed class FleissKappaTests
{
    [Fact]
    public void FleissKappa_WikipediaWorkedExample_MatchesPublishedValue()
    {
        // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
        // It reports P̄ = 0.378, P̄e = 0.213 and kappa = 0.210.
        var result = FleissKappa.Compute(
        [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ]);

        Assert.Equal(0.210, result.Kappa, 0.0005);
        Assert.Equal(0.378, result.ObservedAgreement, 0.0005);
        Assert.Equal(0.213, result.ExpectedAgreement, 0.0005);
        Assert.Equal(14, result.RatersPerSubject);
    }

    [Fact]
    public void FleissKappa_Fleiss1971PsychiatricDiagnoses_MatchesPublishedValue()
    {
        // Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological
        // Bulletin 76(5): 30 patients, 6 psychiatrists each, 5 diagnoses; kappa = .430. The
        // per-rater layout is R's irr::diagnoses, whose kappam.fleiss gives 0.4302445.
        var ratings = RatingMatrix.FromUnits(
        [
            [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
            [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
            [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
            [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
            [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
            [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
        ]);

        var result = FleissKappa.FromRatings(ratings);

        Assert.Equal(0.430, result.Kappa, 0.0005);
        Assert.Equal(0.4302445, result.Kappa, 5e-8);
        Assert.Equal(30, result.Subjects);
    }

    [Fact]
    public void FleissKappa_UnequalRatingsPerSubject_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(() => FleissKappa.Compute([[2, 1], [1, 1]]));

        Assert.Contains("Subject 2 has 2 ratings but subject 1 has 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("Krippendorff's alpha", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FleissKappa_EveryRatingInOneCategory_IsUndefinedWithAnExplanation()
    {
        var error = Assert.Throws<StatisticUndefinedException>(() => FleissKappa.Compute([[3, 0], [3, 0]]));

        Assert.Contains("every rating fell in the same category", error.Message, StringComparison.Ordinal);
    }
}
