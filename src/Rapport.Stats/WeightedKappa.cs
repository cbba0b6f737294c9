namespace Rapport.Stats;

/// <summary>
/// Cohen's (1968) weighted kappa for ordered scales, where a 3 against a 4 is a smaller
/// disagreement than a 1 against a 4.
/// </summary>
public static class WeightedKappa
{
    /// <summary>Weighted kappa with weights from the distance between category scores.</summary>
    public static KappaResult Compute(AgreementTable table, KappaWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(table);
        var scores = table.Categories;
        var range = scores[^1] - scores[0];
        var weights = new double[table.CategoryCount, table.CategoryCount];
        for (var i = 0; i < table.CategoryCount; i++)
        {
            for (var j = 0; j < table.CategoryCount; j++)
            {
                var distance = Math.Abs(scores[i] - scores[j]) / range;
                weights[i, j] = weighting switch
                {
                    KappaWeighting.Linear => 1 - distance,
                    KappaWeighting.Quadratic => 1 - (distance * distance),
                    _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Choose linear or quadratic weights."),
                };
            }
        }

        return KappaEstimator.Compute(table, weights);
    }

    /// <summary>
    /// Weighted kappa with Cohen's own form of weights: a disagreement weight per cell, 0 where
    /// the raters agree and larger for graver disagreements (they need not be symmetric). Kappa
    /// is then 1 − Σ v·p_observed / Σ v·p_expected.
    /// </summary>
    public static KappaResult Compute(AgreementTable table, IReadOnlyList<IReadOnlyList<double>> disagreementWeights)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(disagreementWeights);
        var k = table.CategoryCount;
        if (disagreementWeights.Count != k || disagreementWeights.Any(row => row.Count != k))
        {
            throw new ArgumentException(
                $"The disagreement weights must be a {k} × {k} matrix, one weight per cell of the agreement table.",
                nameof(disagreementWeights));
        }

        var largest = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var weight = disagreementWeights[i][j];
                if (!double.IsFinite(weight) || weight < 0)
                {
                    throw new ArgumentException(
                        $"Disagreement weight ({i + 1}, {j + 1}) is {RatingScale.Format(weight)}. Weights must be finite and non-negative.",
                        nameof(disagreementWeights));
                }

                if (i == j && weight != 0)
                {
                    throw new ArgumentException(
                        $"Disagreement weight ({i + 1}, {i + 1}) is {RatingScale.Format(weight)}, but the diagonal is where the raters agree and must weigh 0.",
                        nameof(disagreementWeights));
                }

                largest = Math.Max(largest, weight);
            }
        }

        if (largest == 0)
        {
            throw new ArgumentException(
                "Every disagreement weight is 0, so no disagreement would count. Give graver disagreements larger weights.",
                nameof(disagreementWeights));
        }

        // Agreement weights 1 − v / max(v) give the same kappa and let the variance formulas apply.
        var weights = new double[k, k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                weights[i, j] = 1 - (disagreementWeights[i][j] / largest);
            }
        }

        return KappaEstimator.Compute(table, weights);
    }
}
