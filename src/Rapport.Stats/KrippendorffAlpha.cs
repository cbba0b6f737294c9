namespace Rapport.Stats;

/// <summary>
/// Krippendorff's alpha computed from the coincidence matrix, following Krippendorff (2011),
/// "Computing Krippendorff's Alpha-Reliability". The formula itself is the oracle: R's
/// irr::kripp.alpha departs from it on complete data with more than two raters.
/// </summary>
public static class KrippendorffAlpha
{
    public static KrippendorffAlphaResult Compute(RatingMatrix ratings, AlphaMetric metric)
    {
        ArgumentNullException.ThrowIfNull(ratings);

        var values = PairableValues(ratings, out var unitsUsed, out var unitsWithOneRating);
        if (unitsUsed == 0)
        {
            throw new StatisticUndefinedException(
                "No unit was rated by two or more raters, so there is nothing to compare: Krippendorff's alpha needs at least one unit with two ratings. Have a second rater score some of the same units.");
        }

        if (metric == AlphaMetric.Ratio && values[0] < 0)
        {
            throw new ArgumentException(
                $"The ratio metric needs non-negative values with a true zero, but the ratings include {RatingScale.Format(values[0])}. Use the interval metric for scales without a true zero.",
                nameof(metric));
        }

        var coincidences = Coincidences(ratings, values);
        var marginals = new double[values.Length];
        foreach (var ((c, _), count) in coincidences)
        {
            marginals[c] += count;
        }

        var n = marginals.Sum();
        var difference = DifferenceFunction(values, marginals, metric);

        double observed = 0;
        foreach (var ((c, k), count) in coincidences)
        {
            observed += count * difference(c, k);
        }

        observed /= n;
        var expected = ExpectedDifferenceSum(values, marginals, metric, difference) / (n * (n - 1));
        if (expected == 0)
        {
            var only = values.Length == 1 ? $"every paired rating is {RatingScale.Format(values[0])}" : "the paired ratings do not differ under this metric";
            throw new StatisticUndefinedException(
                $"Krippendorff's alpha is undefined here: {only}, so there is no variation to measure agreement against (expected disagreement is 0). Assess reliability on units whose ratings actually vary.");
        }

        return new KrippendorffAlphaResult(
            1 - (observed / expected),
            metric,
            observed,
            expected,
            (int)Math.Round(n),
            unitsUsed,
            unitsWithOneRating);
    }

    /// <summary>The distinct values occurring in units with at least two ratings, ascending.</summary>
    private static double[] PairableValues(RatingMatrix ratings, out int unitsUsed, out int unitsWithOneRating)
    {
        unitsUsed = 0;
        unitsWithOneRating = 0;
        var values = new SortedSet<double>();
        for (var unit = 0; unit < ratings.UnitCount; unit++)
        {
            var count = ratings.RatingCount(unit);
            if (count == 1)
            {
                unitsWithOneRating++;
            }

            if (count < 2)
            {
                continue;
            }

            unitsUsed++;
            values.UnionWith(ratings.RatingsOf(unit));
        }

        return [.. values];
    }

    /// <summary>
    /// o_ck: each unit with m values contributes every ordered pair of its values, weighted
    /// 1/(m − 1) so that each unit adds exactly m to the matrix total. Kept sparse, and built from
    /// the values each unit actually has, so continuous ratings with thousands of distinct values
    /// cost memory in proportion to the pairs seen, not to the square of the values.
    /// </summary>
    private static Dictionary<(int C, int K), double> Coincidences(RatingMatrix ratings, double[] values)
    {
        var index = new Dictionary<double, int>();
        for (var i = 0; i < values.Length; i++)
        {
            index[values[i]] = i;
        }

        var coincidences = new Dictionary<(int C, int K), double>();
        for (var unit = 0; unit < ratings.UnitCount; unit++)
        {
            var unitValues = ratings.RatingsOf(unit);
            if (unitValues.Count < 2)
            {
                continue;
            }

            var counts = unitValues.GroupBy(value => index[value]).Select(group => (Value: group.Key, Count: group.Count())).ToList();
            double pairWeight = unitValues.Count - 1;
            foreach (var (c, countC) in counts)
            {
                foreach (var (k, countK) in counts)
                {
                    var pairs = c == k ? countC * (countC - 1) : countC * countK;
                    if (pairs > 0)
                    {
                        coincidences[(c, k)] = coincidences.GetValueOrDefault((c, k)) + (pairs / pairWeight);
                    }
                }
            }
        }

        return coincidences;
    }

    /// <summary>
    /// Σ_c Σ_k n_c·n_k·δ²_ck. Nominal and interval have closed forms in O(V); ordinal and ratio
    /// need every pair of distinct values, which is cheap on rating scales.
    /// </summary>
    private static double ExpectedDifferenceSum(double[] values, double[] marginals, AlphaMetric metric, Func<int, int, double> difference)
    {
        var n = marginals.Sum();
        switch (metric)
        {
            case AlphaMetric.Nominal:
                return (n * n) - marginals.Sum(count => count * count);
            case AlphaMetric.Interval:
                // Σ Σ n_c n_k (v_c − v_k)² = 2n·Σ n_c v_c² − 2(Σ n_c v_c)², centred first for precision.
                var mean = values.Select((value, c) => marginals[c] * value).Sum() / n;
                return 2 * n * values.Select((value, c) => marginals[c] * (value - mean) * (value - mean)).Sum();
            default:
                double sum = 0;
                for (var c = 0; c < values.Length; c++)
                {
                    for (var k = c + 1; k < values.Length; k++)
                    {
                        sum += 2 * marginals[c] * marginals[k] * difference(c, k);
                    }
                }

                return sum;
        }
    }

    private static Func<int, int, double> DifferenceFunction(double[] values, double[] marginals, AlphaMetric metric)
    {
        switch (metric)
        {
            case AlphaMetric.Nominal:
                return (c, k) => c == k ? 0 : 1;
            case AlphaMetric.Interval:
                return (c, k) => (values[c] - values[k]) * (values[c] - values[k]);
            case AlphaMetric.Ratio:
                return (c, k) => RatioDifference(values[c], values[k]);
            case AlphaMetric.Ordinal:
                // Running totals of n_g let each ordinal difference be read off in O(1).
                var cumulative = new double[values.Length + 1];
                for (var g = 0; g < values.Length; g++)
                {
                    cumulative[g + 1] = cumulative[g] + marginals[g];
                }

                return (c, k) => OrdinalDifference(cumulative, marginals, c, k);
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "Choose nominal, ordinal, interval or ratio.");
        }
    }

    /// <summary>(Σ_{g=c..k} n_g − (n_c + n_k)/2)²: ranks are spaced by how often the values between them occur.</summary>
    private static double OrdinalDifference(double[] cumulative, double[] marginals, int c, int k)
    {
        if (c == k)
        {
            return 0;
        }

        var (low, high) = c < k ? (c, k) : (k, c);
        var spread = cumulative[high + 1] - cumulative[low] - ((marginals[low] + marginals[high]) / 2);
        return spread * spread;
    }

    private static double RatioDifference(double c, double k)
    {
        var sum = c + k;
        if (sum == 0)
        {
            return 0;
        }

        var relative = (c - k) / sum;
        return relative * relative;
    }
}
