namespace Rapport.Stats;

/// <summary>Krippendorff's alpha with the quantities a reader needs to judge it.</summary>
/// <param name="Alpha">1 − observed / expected disagreement: 1 is perfect agreement, 0 is chance.</param>
/// <param name="Metric">The level of measurement the difference function assumed.</param>
/// <param name="ObservedDisagreement">Mean difference within units (D_o).</param>
/// <param name="ExpectedDisagreement">Mean difference between all pairable values (D_e).</param>
/// <param name="PairableValues">n: the ratings in units with at least two ratings.</param>
/// <param name="UnitsUsed">Units with at least two ratings.</param>
/// <param name="UnitsWithOneRating">Units left out because only one rater rated them; they carry no information about agreement.</param>
public sealed record KrippendorffAlphaResult(
    double Alpha,
    AlphaMetric Metric,
    double ObservedDisagreement,
    double ExpectedDisagreement,
    int PairableValues,
    int UnitsUsed,
    int UnitsWithOneRating);
