namespace Rapport.Stats.Tests;

/// <summary>
/// Golden values from Shrout, P. E. and Fleiss, J. L. (1979), "Intraclass correlations: uses in
/// assessing rater reliability", Psychological Bulletin 86(2), 420–428: the data of Table 2,
/// the mean squares of Table 3 and the six ICCs of Table 4, all printed to two decimals.
/// </summary>
public sealed class IntraclassCorrelationTests
{
    private const double PublishedPrecision = 0.005;

    // Table 2: six targets rated by four judges.
    private static RatingMatrix ShroutFleissTableTwo() => RatingMatrix.FromUnits(
    [
        [9, 2, 5, 8],
        [6, 1, 3, 2],
        [8, 4, 6, 8],
        [7, 1, 2, 6],
        [10, 5, 6, 9],
        [6, 2, 4, 7],
    ]);

    [Fact]
    public void IntraclassCorrelation_ShroutFleissExample_MatchesPublishedSingleRaterForms()
    {
        var result = IntraclassCorrelation.Compute(ShroutFleissTableTwo());

        Assert.Equal(0.17, result.Icc1Single, PublishedPrecision);
        Assert.Equal(0.29, result.Icc2Single, PublishedPrecision);
        Assert.Equal(0.71, result.Icc3Single, PublishedPrecision);
    }

    [Fact]
    public void IntraclassCorrelation_ShroutFleissExample_MatchesPublishedAverageForms()
    {
        var result = IntraclassCorrelation.Compute(ShroutFleissTableTwo());

        Assert.Equal(0.44, result.Icc1Average, PublishedPrecision);
        Assert.Equal(0.62, result.Icc2Average, PublishedPrecision);
        Assert.Equal(0.91, result.Icc3Average, PublishedPrecision);
    }

    [Fact]
    public void IntraclassCorrelation_ShroutFleissExample_MatchesPublishedMeanSquares()
    {
        var result = IntraclassCorrelation.Compute(ShroutFleissTableTwo());

        Assert.Equal(11.24, result.BetweenUnitsMeanSquare, PublishedPrecision);
        Assert.Equal(6.26, result.WithinUnitsMeanSquare, PublishedPrecision);
        Assert.Equal(32.49, result.BetweenRatersMeanSquare, PublishedPrecision);
        Assert.Equal(1.02, result.ResidualMeanSquare, PublishedPrecision);
        Assert.Equal(6, result.Units);
        Assert.Equal(4, result.Raters);
    }

    [Fact]
    public void IntraclassCorrelation_MissingRating_IsRejectedNamingTheCell()
    {
        var ratings = RatingMatrix.FromUnits([[1, 2], [3, null], [2, 2]]);

        var error = Assert.Throws<ArgumentException>(() => IntraclassCorrelation.Compute(ratings));

        Assert.Contains("Unit 2 has no rating from rater 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Krippendorff's alpha", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntraclassCorrelation_AllRatingsIdentical_IsUndefinedWithAnExplanation()
    {
        var ratings = RatingMatrix.FromUnits([[3, 3, 3], [3, 3, 3], [3, 3, 3]]);

        var error = Assert.Throws<StatisticUndefinedException>(() => IntraclassCorrelation.Compute(ratings));

        Assert.Contains("every unit has the same mean rating", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntraclassCorrelation_SingleUnit_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(() => IntraclassCorrelation.Compute(RatingMatrix.FromUnits([[1, 2, 3]])));

        Assert.Contains("needs at least two units", error.Message, StringComparison.Ordinal);
    }
}
