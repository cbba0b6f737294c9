namespace Rapport.Stats.Tests;

/// <summary>
/// Golden values from Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability".
/// Annenberg School for Communication Departmental Papers 43, University of Pennsylvania.
/// The paper prints alpha to three decimals, so the tolerance is half a unit in the third.
/// </summary>
public sealed class KrippendorffAlphaTests
{
    private const double PublishedPrecision = 0.0005;

    // Section C: four coders, twelve units, "." where a coder did not code the unit.
    private static RatingMatrix CanonicalExample() => ReliabilityData.FromCoderLines(
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .");

    [Fact]
    public void KrippendorffAlpha_CanonicalExample_MatchesPublishedNominal() =>
        Assert.Equal(0.743, KrippendorffAlpha.Compute(CanonicalExample(), AlphaMetric.Nominal).Alpha, PublishedPrecision);

    [Fact]
    public void KrippendorffAlpha_CanonicalExample_MatchesPublishedOrdinal() =>
        Assert.Equal(0.815, KrippendorffAlpha.Compute(CanonicalExample(), AlphaMetric.Ordinal).Alpha, PublishedPrecision);

    [Fact]
    public void KrippendorffAlpha_CanonicalExample_MatchesPublishedInterval() =>
        Assert.Equal(0.849, KrippendorffAlpha.Compute(CanonicalExample(), AlphaMetric.Interval).Alpha, PublishedPrecision);

    [Fact]
    public void KrippendorffAlpha_CanonicalExample_MatchesPublishedRatio() =>
        Assert.Equal(0.797, KrippendorffAlpha.Compute(CanonicalExample(), AlphaMetric.Ratio).Alpha, PublishedPrecision);

    [Fact]
    public void KrippendorffAlpha_CanonicalExample_CountsFortyPairableValuesAndSetsAsideTheSingleCodedUnit()
    {
        // The paper's coincidence matrix totals n = 40; unit 12 has one value and is not pairable.
        var result = KrippendorffAlpha.Compute(CanonicalExample(), AlphaMetric.Nominal);

        Assert.Equal(40, result.PairableValues);
        Assert.Equal(11, result.UnitsUsed);
        Assert.Equal(1, result.UnitsWithOneRating);
    }

    [Fact]
    public void KrippendorffAlpha_BinaryDataTwoObservers_MatchesPublishedValue()
    {
        // Section A: binary data, two observers, no missing data: alpha = 0.095.
        var ratings = ReliabilityData.FromCoderLines(
            "0 1 0 0 0 0 0 0 1 0",
            "1 1 1 0 0 1 0 0 0 0");

        Assert.Equal(0.095, KrippendorffAlpha.Compute(ratings, AlphaMetric.Nominal).Alpha, PublishedPrecision);
    }

    [Fact]
    public void KrippendorffAlpha_NominalDataTwoObservers_MatchesPublishedValue()
    {
        // Section B: values a..e coded as 1..5 (nominal, so the numbers are only labels): alpha = 0.692.
        var ratings = ReliabilityData.FromCoderLines(
            "1 1 2 2 4 3 3 3 5 4 4 1",
            "2 1 2 2 2 3 3 3 5 4 4 4");

        Assert.Equal(0.692, KrippendorffAlpha.Compute(ratings, AlphaMetric.Nominal).Alpha, PublishedPrecision);
    }

    [Fact]
    public void KrippendorffAlpha_NominalLabels_DoNotDependOnTheNumbersChosen()
    {
        // Same data as section B with the labels renumbered: a nominal alpha must not move.
        var ratings = ReliabilityData.FromCoderLines(
            "10 10 30 30 7 2 2 2 99 7 7 10",
            "30 10 30 30 30 2 2 2 99 7 7 7");

        Assert.Equal(0.692, KrippendorffAlpha.Compute(ratings, AlphaMetric.Nominal).Alpha, PublishedPrecision);
    }

    [Fact]
    public void KrippendorffAlpha_AllRatingsIdentical_IsUndefinedWithAnExplanation()
    {
        var ratings = ReliabilityData.FromCoderLines("3 3 3 3", "3 3 . 3", "3 . 3 3");

        var error = Assert.Throws<StatisticUndefinedException>(() => KrippendorffAlpha.Compute(ratings, AlphaMetric.Interval));

        Assert.Contains("every paired rating is 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("undefined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KrippendorffAlpha_NoUnitWithTwoRatings_IsUndefinedWithAnExplanation()
    {
        var ratings = ReliabilityData.FromCoderLines("1 . 3", ". 2 .");

        var error = Assert.Throws<StatisticUndefinedException>(() => KrippendorffAlpha.Compute(ratings, AlphaMetric.Nominal));

        Assert.Contains("No unit was rated by two or more raters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KrippendorffAlpha_UnitWithOneRating_LeavesAlphaUnchanged()
    {
        var withLoneRating = ReliabilityData.FromCoderLines("1 2 3 4 4", "1 2 3 3 .");
        var without = ReliabilityData.FromCoderLines("1 2 3 4", "1 2 3 3");

        var lone = KrippendorffAlpha.Compute(withLoneRating, AlphaMetric.Interval);

        Assert.Equal(KrippendorffAlpha.Compute(without, AlphaMetric.Interval).Alpha, lone.Alpha, 1e-12);
        Assert.Equal(1, lone.UnitsWithOneRating);
    }

    [Fact]
    public void KrippendorffAlpha_RatioMetricOnNegativeValues_IsRejectedWithAFix()
    {
        var ratings = ReliabilityData.FromCoderLines("-1 2 3", "1 2 3");

        var error = Assert.Throws<ArgumentException>(() => KrippendorffAlpha.Compute(ratings, AlphaMetric.Ratio));

        Assert.Contains("Use the interval metric", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KrippendorffAlpha_ContinuousRatingsWithThousandsOfDistinctValues_BehaveAsAlphaMust()
    {
        // 20 000 units with all-distinct continuous values: a dense V × V coincidence matrix
        // would need gigabytes. Independent raters must land near 0, identical raters at 1.
        var random = new Random(20110601);
        var first = Enumerable.Range(0, 20_000).Select(_ => (double?)random.NextDouble()).ToList();
        var independent = Enumerable.Range(0, 20_000).Select(_ => (double?)random.NextDouble()).ToList();

        var chance = KrippendorffAlpha.Compute(RatingMatrix.FromRaters([first, independent]), AlphaMetric.Interval);
        var perfect = KrippendorffAlpha.Compute(RatingMatrix.FromRaters([first, first]), AlphaMetric.Interval);

        Assert.InRange(chance.Alpha, -0.03, 0.03);
        Assert.Equal(1, perfect.Alpha, 1e-12);
    }
}
