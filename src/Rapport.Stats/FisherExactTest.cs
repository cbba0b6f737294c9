namespace Rapport.Stats;

/// <summary>
/// Fisher's exact test. With the margins fixed, cell A is hypergeometric; the probabilities are
/// built by the ratio recurrence outward from the mode, so nothing overflows and no log-gamma is
/// needed even for tables of millions.
/// </summary>
public static class FisherExactTest
{
    /// <summary>
    /// Tables whose probability is within this relative distance of the observed one count as
    /// "no more likely": it keeps ties that differ only by rounding, as R's fisher.test does.
    /// </summary>
    private const double TieTolerance = 1 + 1e-7;

    public static FisherExactTestResult Compute(TwoByTwoTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Total == 0)
        {
            throw new ArgumentException("The 2 × 2 table is empty. Fisher's exact test needs at least one counted subject.", nameof(table));
        }

        var rowOne = table.FirstRowTotal;
        var rowTwo = table.SecondRowTotal;
        var columnOne = table.FirstColumnTotal;
        var low = Math.Max(0, columnOne - rowTwo);
        var high = Math.Min(rowOne, columnOne);
        var probabilities = Hypergeometric(rowOne, rowTwo, columnOne, low, high);

        var observed = probabilities[table.A - low];
        double twoSided = 0;
        double less = 0;
        double greater = 0;
        for (var x = low; x <= high; x++)
        {
            var probability = probabilities[x - low];
            if (probability <= observed * TieTolerance)
            {
                twoSided += probability;
            }

            if (x <= table.A)
            {
                less += probability;
            }

            if (x >= table.A)
            {
                greater += probability;
            }
        }

        return new FisherExactTestResult(Math.Min(1, twoSided), Math.Min(1, less), Math.Min(1, greater));
    }

    public static FisherExactTestResult Compute(int a, int b, int c, int d) => Compute(new TwoByTwoTable(a, b, c, d));

    /// <summary>P(A = x) for x from <paramref name="low"/> to <paramref name="high"/>, normalised.</summary>
    private static double[] Hypergeometric(long rowOne, long rowTwo, long columnOne, long low, long high)
    {
        var probabilities = new double[high - low + 1];
        var mode = Math.Clamp((rowOne + 1) * (columnOne + 1) / (rowOne + rowTwo + 2), low, high);
        probabilities[mode - low] = 1;

        // P(x + 1) / P(x) = (r1 − x)(c1 − x) / ((x + 1)(r2 − c1 + x + 1))
        for (var x = mode; x < high; x++)
        {
            probabilities[x + 1 - low] = probabilities[x - low] * (rowOne - x) * (columnOne - x) / ((x + 1.0) * (rowTwo - columnOne + x + 1));
        }

        for (var x = mode; x > low; x--)
        {
            probabilities[x - 1 - low] = probabilities[x - low] * x * (rowTwo - columnOne + x) / ((rowOne - x + 1.0) * (columnOne - x + 1));
        }

        var sum = probabilities.Sum();
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] /= sum;
        }

        return probabilities;
    }
}
