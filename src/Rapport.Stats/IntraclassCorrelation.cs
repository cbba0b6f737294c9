namespace Rapport.Stats;

/// <summary>
/// Intraclass correlations from the two-way analysis of variance of a complete units × raters
/// table, as defined by Shrout and Fleiss (1979), "Intraclass correlations: uses in assessing
/// rater reliability", Psychological Bulletin 86(2).
/// </summary>
public static class IntraclassCorrelation
{
    public static IntraclassCorrelationResult Compute(RatingMatrix ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var n = ratings.UnitCount;
        var k = ratings.RaterCount;
        for (var unit = 0; unit < n; unit++)
        {
            for (var rater = 0; rater < k; rater++)
            {
                if (ratings[unit, rater] is null)
                {
                    throw new ArgumentException(
                        $"Unit {unit + 1} has no rating from rater {rater + 1}. The Shrout–Fleiss ICCs need every rater to rate every unit; drop incomplete units, or use Krippendorff's alpha, which allows missing ratings.",
                        nameof(ratings));
                }
            }
        }

        if (n < 2)
        {
            throw new ArgumentException(
                "There is only one unit. An intraclass correlation compares variation between units with variation within them, so it needs at least two units.",
                nameof(ratings));
        }

        var unitMeans = new double[n];
        var raterMeans = new double[k];
        double grandMean = 0;
        for (var unit = 0; unit < n; unit++)
        {
            for (var rater = 0; rater < k; rater++)
            {
                var rating = ratings[unit, rater]!.Value;
                unitMeans[unit] += rating / k;
                raterMeans[rater] += rating / n;
                grandMean += rating / (n * k);
            }
        }

        double betweenUnits = 0;
        double betweenRaters = 0;
        double total = 0;
        for (var unit = 0; unit < n; unit++)
        {
            betweenUnits += k * Square(unitMeans[unit] - grandMean);
            for (var rater = 0; rater < k; rater++)
            {
                total += Square(ratings[unit, rater]!.Value - grandMean);
            }
        }

        for (var rater = 0; rater < k; rater++)
        {
            betweenRaters += n * Square(raterMeans[rater] - grandMean);
        }

        var withinUnits = Math.Max(0, total - betweenUnits);
        var residual = Math.Max(0, withinUnits - betweenRaters);

        var bms = betweenUnits / (n - 1);
        var wms = withinUnits / (n * (k - 1));
        var jms = betweenRaters / (k - 1);
        var ems = residual / ((n - 1) * (k - 1));

        if (bms == 0)
        {
            throw new StatisticUndefinedException(
                "The intraclass correlations are undefined: every unit has the same mean rating, so there is no variation between units for the raters to agree on. Include units that genuinely differ.");
        }

        return new IntraclassCorrelationResult(
            Icc1Single: Ratio(bms - wms, bms + ((k - 1) * wms), "ICC(1,1)"),
            Icc2Single: Ratio(bms - ems, bms + ((k - 1) * ems) + (k * (jms - ems) / n), "ICC(2,1)"),
            Icc3Single: Ratio(bms - ems, bms + ((k - 1) * ems), "ICC(3,1)"),
            Icc1Average: Ratio(bms - wms, bms, "ICC(1,k)"),
            Icc2Average: Ratio(bms - ems, bms + ((jms - ems) / n), "ICC(2,k)"),
            Icc3Average: Ratio(bms - ems, bms, "ICC(3,k)"),
            BetweenUnitsMeanSquare: bms,
            WithinUnitsMeanSquare: wms,
            BetweenRatersMeanSquare: jms,
            ResidualMeanSquare: ems,
            Units: n,
            Raters: k);
    }

    private static double Square(double value) => value * value;

    private static double Ratio(double numerator, double denominator, string form)
    {
        if (denominator == 0 || !double.IsFinite(numerator / denominator))
        {
            throw new StatisticUndefinedException(
                $"{form} is undefined for these ratings: its variance denominator is 0. This happens when the units barely differ while the raters differ a lot; include units that genuinely differ.");
        }

        return numerator / denominator;
    }
}
