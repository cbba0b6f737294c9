namespace Rapport.Stats;

/// <summary>The level of measurement Krippendorff's alpha assumes for the ratings.</summary>
public enum AlphaMetric
{
    /// <summary>Values are unordered categories: any two different values disagree equally.</summary>
    Nominal,

    /// <summary>Values are ranks: disagreement grows with how many observed values lie between them.</summary>
    Ordinal,

    /// <summary>Values are equally spaced: disagreement is the squared difference.</summary>
    Interval,

    /// <summary>Values have a true zero: disagreement is the squared difference relative to the sum.</summary>
    Ratio,
}
