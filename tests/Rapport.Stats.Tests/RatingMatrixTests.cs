namespace Rapport.Stats.Tests;

/// <summary>Bad input is refused where it enters, with what is wrong and how to fix it.</summary>
public sealed class RatingMatrixTests
{
    [Fact]
    public void RatingMatrix_NoUnits_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(() => RatingMatrix.FromUnits([]));

        Assert.Contains("no units", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least one unit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RatingMatrix_SingleRater_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(() => RatingMatrix.FromUnits([[1], [2]]));

        Assert.Contains("at least two raters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RatingMatrix_RaggedRows_AreRejectedNamingTheUnit()
    {
        var error = Assert.Throws<ArgumentException>(() => RatingMatrix.FromUnits([[1, 2, 3], [1, 2]]));

        Assert.Contains("Unit 2 has 2 rating entries but unit 1 has 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("use null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RatingMatrix_RatingOutsideDeclaredScale_IsRejectedNamingTheCell()
    {
        var error = Assert.Throws<ArgumentException>(
            () => RatingMatrix.FromUnits([[1, 2], [3, 44]], RatingScale.WholePoints(1, 4)));

        Assert.Contains("Unit 2, rater 2 has rating 44, outside the declared scale of whole points 1 to 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RatingMatrix_FractionOnWholePointScale_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(
            () => RatingMatrix.FromUnits([[1, 2.5]], RatingScale.WholePoints(1, 4)));

        Assert.Contains("rating 2.5, outside the declared scale", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RatingMatrix_NotANumber_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(() => RatingMatrix.FromUnits([[1, double.NaN]]));

        Assert.Contains("use null for a missing rating", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RatingMatrix_FromRaters_TransposesKrippendorffsLayout()
    {
        var ratings = RatingMatrix.FromRaters([[1, 2, null], [3, null, 4]]);

        Assert.Equal(3, ratings.UnitCount);
        Assert.Equal(2, ratings.RaterCount);
        Assert.Equal(3, ratings[0, 1]);
        Assert.Null(ratings[2, 0]);
        Assert.Equal(1, ratings.RatingCount(1));
    }

    [Fact]
    public void AgreementTable_DeclaredScale_KeepsUnusedPointsAsCategories()
    {
        var ratings = RatingMatrix.FromUnits([[1, 1], [2, 3], [3, 3]], RatingScale.WholePoints(1, 4));

        var table = AgreementTable.FromRatings(ratings, 0, 1);

        Assert.Equal([1.0, 2.0, 3.0, 4.0], table.Categories);
        Assert.Equal(1, table[1, 2]);
    }
}
