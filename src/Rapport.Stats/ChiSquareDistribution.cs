namespace Rapport.Stats;

/// <summary>The chi-square distribution for whole degrees of freedom, exact in closed form.</summary>
public static class ChiSquareDistribution
{
    /// <summary>
    /// P(χ²_df &gt; x). Even df: e^(−x/2) Σ_{k&lt;df/2} (x/2)^k / k!. Odd df: erfc(√(x/2)) plus
    /// e^(−x/2) Σ_{k=1..(df−1)/2} (x/2)^(k−½) / Γ(k+½). Both sums have positive terms only, so
    /// the tail is as accurate as <see cref="NormalDistribution.Erfc"/> and no log-gamma is needed.
    /// </summary>
    public static double UpperTail(double x, int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "A chi-square distribution needs at least 1 degree of freedom.");
        }

        if (double.IsNaN(x))
        {
            throw new ArgumentException("A chi-square tail needs a number, not NaN.", nameof(x));
        }

        if (x <= 0)
        {
            return 1;
        }

        var half = x / 2;
        double tail;
        double sum = 0;
        if (degreesOfFreedom % 2 == 0)
        {
            double term = 1;
            for (var k = 0; k < degreesOfFreedom / 2; k++)
            {
                if (k > 0)
                {
                    term *= half / k;
                }

                sum += term;
            }

            tail = Math.Exp(-half) * sum;
        }
        else
        {
            var term = 2 * Math.Sqrt(half) / Math.Sqrt(Math.PI);
            for (var k = 1; k <= (degreesOfFreedom - 1) / 2; k++)
            {
                if (k > 1)
                {
                    term *= half / (k - 0.5);
                }

                sum += term;
            }

            tail = NormalDistribution.Erfc(Math.Sqrt(half)) + (Math.Exp(-half) * sum);
        }

        return Math.Clamp(tail, 0, 1);
    }
}
