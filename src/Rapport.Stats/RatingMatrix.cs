namespace Rapport.Stats;

/// <summary>
/// Reliability data: units (candidates, interviews, answers) by raters, with <c>null</c> where a
/// rater did not rate a unit. Validated once on creation so every statistic can trust its shape.
/// </summary>
public sealed class RatingMatrix
{
    private readonly double?[][] units;

    private RatingMatrix(double?[][] units, int raterCount, RatingScale? scale)
    {
        this.units = units;
        RaterCount = raterCount;
        Scale = scale;
    }

    public int UnitCount => units.Length;

    public int RaterCount { get; }

    /// <summary>The declared scale every rating was checked against, if one was declared.</summary>
    public RatingScale? Scale { get; }

    /// <summary>The rating <paramref name="rater"/> gave <paramref name="unit"/> (both from 0), or null when missing.</summary>
    public double? this[int unit, int rater] => units[unit][rater];

    /// <summary>
    /// Builds the matrix from one row per unit, one entry per rater. This is the layout of a
    /// scorecard export: a candidate per line, an interviewer per column.
    /// </summary>
    public static RatingMatrix FromUnits(IReadOnlyList<IReadOnlyList<double?>> ratingsByUnit, RatingScale? scale = null)
    {
        ArgumentNullException.ThrowIfNull(ratingsByUnit);
        if (ratingsByUnit.Count == 0)
        {
            throw new ArgumentException(
                "The ratings contain no units. Provide at least one unit (a row) rated by at least two raters.",
                nameof(ratingsByUnit));
        }

        var raterCount = ratingsByUnit[0].Count;
        var rows = new double?[ratingsByUnit.Count][];
        for (var unit = 0; unit < ratingsByUnit.Count; unit++)
        {
            var row = ratingsByUnit[unit];
            if (row.Count != raterCount)
            {
                throw new ArgumentException(
                    $"Unit {unit + 1} has {row.Count} rating entries but unit 1 has {raterCount}. Every unit needs one entry per rater; use null where a rater did not rate the unit.",
                    nameof(ratingsByUnit));
            }

            rows[unit] = [.. row];
        }

        return Validated(rows, raterCount, scale, nameof(ratingsByUnit));
    }

    /// <summary>
    /// Builds the matrix from one row per rater, one entry per unit: the layout Krippendorff
    /// uses to tabulate reliability data (coders by units).
    /// </summary>
    public static RatingMatrix FromRaters(IReadOnlyList<IReadOnlyList<double?>> ratingsByRater, RatingScale? scale = null)
    {
        ArgumentNullException.ThrowIfNull(ratingsByRater);
        if (ratingsByRater.Count == 0)
        {
            throw new ArgumentException(
                "The ratings contain no raters. Provide at least two raters (rows), each with one entry per unit.",
                nameof(ratingsByRater));
        }

        var unitCount = ratingsByRater[0].Count;
        for (var rater = 0; rater < ratingsByRater.Count; rater++)
        {
            if (ratingsByRater[rater].Count != unitCount)
            {
                throw new ArgumentException(
                    $"Rater {rater + 1} has {ratingsByRater[rater].Count} entries but rater 1 has {unitCount}. Every rater needs one entry per unit; use null where the rater did not rate a unit.",
                    nameof(ratingsByRater));
            }
        }

        if (unitCount == 0)
        {
            throw new ArgumentException(
                "The ratings contain no units. Provide at least one unit rated by at least two raters.",
                nameof(ratingsByRater));
        }

        var rows = new double?[unitCount][];
        for (var unit = 0; unit < unitCount; unit++)
        {
            rows[unit] = new double?[ratingsByRater.Count];
            for (var rater = 0; rater < ratingsByRater.Count; rater++)
            {
                rows[unit][rater] = ratingsByRater[rater][unit];
            }
        }

        return Validated(rows, ratingsByRater.Count, scale, nameof(ratingsByRater));
    }

    /// <summary>How many raters rated <paramref name="unit"/> (from 0).</summary>
    public int RatingCount(int unit) => units[unit].Count(rating => rating.HasValue);

    /// <summary>The ratings present for <paramref name="unit"/> (from 0), in rater order.</summary>
    public IReadOnlyList<double> RatingsOf(int unit) =>
        [.. units[unit].Where(rating => rating.HasValue).Select(rating => rating!.Value)];

    /// <summary>The distinct ratings present anywhere in the matrix, ascending.</summary>
    public IReadOnlyList<double> DistinctValues() =>
        [.. units.SelectMany(row => row).Where(rating => rating.HasValue).Select(rating => rating!.Value).Distinct().Order()];

    private static RatingMatrix Validated(double?[][] rows, int raterCount, RatingScale? scale, string parameterName)
    {
        if (raterCount < 2)
        {
            throw new ArgumentException(
                $"The ratings have {raterCount} rater(s). Agreement needs at least two raters per unit; add the second rater's column.",
                parameterName);
        }

        for (var unit = 0; unit < rows.Length; unit++)
        {
            for (var rater = 0; rater < raterCount; rater++)
            {
                if (rows[unit][rater] is not { } rating)
                {
                    continue;
                }

                if (!double.IsFinite(rating))
                {
                    throw new ArgumentException(
                        $"Unit {unit + 1}, rater {rater + 1} has rating {RatingScale.Format(rating)}. Ratings must be finite numbers; use null for a missing rating.",
                        parameterName);
                }

                if (scale is not null && !scale.Contains(rating))
                {
                    throw new ArgumentException(
                        $"Unit {unit + 1}, rater {rater + 1} has rating {RatingScale.Format(rating)}, outside the declared scale of {scale}. Correct the rating, or declare the scale the ratings were actually given on.",
                        parameterName);
                }
            }
        }

        return new RatingMatrix(rows, raterCount, scale);
    }
}
