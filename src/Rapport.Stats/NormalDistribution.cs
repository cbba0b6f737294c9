namespace Rapport.Stats;

/// <summary>
/// The standard normal distribution, accurate to about 1e-15 relative in both tails: p-values of
/// 1e-12 are reported as such, not as 0 or as 1 − 0.999999999999.
/// </summary>
public static class NormalDistribution
{
    private const double InverseSqrtPi = 0.56418958354775628695;
    private const double InverseSqrtTwoPi = 0.39894228040143267794;

    /// <summary>Φ(x) = P(Z ≤ x).</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>1 − Φ(x) = P(Z &gt; x), computed directly so that small tails keep their precision.</summary>
    public static double UpperTail(double x) => 0.5 * Erfc(x / Math.Sqrt(2));

    /// <summary>P(|Z| ≥ |z|): the two-sided p-value of a z statistic.</summary>
    public static double TwoSidedPValue(double z) => Math.Min(1, 2 * UpperTail(Math.Abs(z)));

    public static double Density(double x) => InverseSqrtTwoPi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// Φ⁻¹(p): the Abramowitz–Stegun 26.2.23 starting value (error below 4.5e-4), polished by
    /// Halley steps on the accurate <see cref="Cdf"/>, which converge to full precision.
    /// </summary>
    public static double InverseCdf(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A normal quantile needs a probability strictly between 0 and 1.");
        }

        if (p == 0.5)
        {
            return 0;
        }

        var tail = Math.Min(p, 1 - p);
        var t = Math.Sqrt(-2 * Math.Log(tail));
        var x = t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t)));

        // Work on the upper tail, where the error P(Z > x) − tail keeps its relative precision.
        for (var step = 0; step < 8; step++)
        {
            var error = UpperTail(x) - tail;
            var density = Density(x);
            if (density == 0)
            {
                break;
            }

            var newton = error / density;
            var next = x + (newton / (1 - (0.5 * x * newton)));
            var converged = Math.Abs(next - x) <= 1e-15 * Math.Max(1, Math.Abs(x));
            x = next;
            if (converged)
            {
                break;
            }
        }

        return p < 0.5 ? -x : x;
    }

    /// <summary>
    /// The complementary error function. Below 1 it is 1 − erf(x) with erf from its
    /// everywhere-positive series (no cancellation); from 1 up it is Laplace's continued
    /// fraction, evaluated by the modified Lentz method, with e^(−x²) split as Cody does so
    /// that rounding of x² does not cost precision in the far tail.
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            throw new ArgumentException("erfc needs a number, not NaN.", nameof(x));
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 1)
        {
            return 1 - ErfSeries(x);
        }

        if (x > 27.3)
        {
            return 0; // below the smallest double
        }

        return ExpMinusSquare(x) * InverseSqrtPi * ContinuedFraction(x);
    }

    /// <summary>erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)); all terms positive.</summary>
    private static double ErfSeries(double x)
    {
        var term = x;
        var sum = x;
        var x2 = x * x;
        for (var n = 1; n < 200; n++)
        {
            term *= 2 * x2 / ((2 * n) + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return 2 * InverseSqrtPi * Math.Exp(-x2) * sum;
    }

    /// <summary>
    /// K(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), so erfc(x) = e^(−x²)/√π · K(x).
    /// </summary>
    private static double ContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        double d = 0;
        for (var j = 1; j < 5000; j++)
        {
            var a = j / 2.0;
            d = x + (a * d);
            d = d == 0 ? tiny : d;
            c = x + (a / c);
            c = c == 0 ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 3e-16)
            {
                break;
            }
        }

        return 1 / f;
    }

    /// <summary>e^(−x²) with x split into a short head and a tail, as in Cody's CALERF.</summary>
    private static double ExpMinusSquare(double x)
    {
        var head = Math.Truncate(x * 16) / 16;
        var tailProduct = (x - head) * (x + head);
        return Math.Exp(-head * head) * Math.Exp(-tailProduct);
    }
}
