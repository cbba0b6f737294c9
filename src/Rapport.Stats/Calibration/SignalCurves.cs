using System.Runtime.CompilerServices;

namespace Rapport.Stats.Calibration;

/// <summary>
/// The rating-scale curves of every signal: for a logit η (ability − severity − difficulty +
/// interview term) the probability of category k is proportional to exp(k·η − Σ_{h≤k} t_h),
/// where t_1 … t_{K−1} are the signal's thresholds (its difficulty plus its Rasch–Andrich
/// steps). Kept as cumulative sums and their exponentials so that one exp per rating suffices.
/// </summary>
internal sealed class SignalCurves
{
    private const double EtaLimit = 40;
    private const double FastLimit = 300;

    private readonly double[] cumulative;
    private readonly double[] weights;
    private readonly bool[] fast;

    public SignalCurves(int signals, int categories)
    {
        Categories = categories;
        cumulative = new double[signals * categories];
        weights = new double[signals * categories];
        fast = new bool[signals];
    }

    public int Categories { get; }

    public int Signals => fast.Length;

    /// <summary>Recomputes the curves from thresholds laid out signal by signal, K − 1 per signal.</summary>
    public void Update(double[] thresholds)
    {
        var steps = Categories - 1;
        for (var s = 0; s < Signals; s++)
        {
            double sum = 0;
            double largest = 0;
            cumulative[s * Categories] = 0;
            weights[s * Categories] = 1;
            for (var k = 1; k < Categories; k++)
            {
                sum += thresholds[(s * steps) + k - 1];
                cumulative[(s * Categories) + k] = sum;
                weights[(s * Categories) + k] = Math.Exp(-sum);
                largest = Math.Max(largest, Math.Abs(sum));
            }

            fast[s] = largest <= FastLimit;
        }
    }

    /// <summary>Fills <paramref name="p"/> with the category probabilities of signal <paramref name="signal"/> at logit <paramref name="eta"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fill(int signal, double eta, Span<double> p)
    {
        eta = Math.Clamp(eta, -EtaLimit, EtaLimit);
        var offset = signal * Categories;
        double sum = 1;
        p[0] = 1;
        if (fast[signal] && Math.Abs(eta) * (Categories - 1) <= FastLimit)
        {
            var e = Math.Exp(eta);
            double power = 1;
            for (var k = 1; k < Categories; k++)
            {
                power *= e;
                var value = power * weights[offset + k];
                p[k] = value;
                sum += value;
            }
        }
        else
        {
            var largest = double.NegativeInfinity;
            for (var k = 0; k < Categories; k++)
            {
                largest = Math.Max(largest, (k * eta) - cumulative[offset + k]);
            }

            sum = 0;
            for (var k = 0; k < Categories; k++)
            {
                var value = Math.Exp((k * eta) - cumulative[offset + k] - largest);
                p[k] = value;
                sum += value;
            }
        }

        var inverse = 1 / sum;
        for (var k = 0; k < Categories; k++)
        {
            p[k] *= inverse;
        }
    }

    /// <summary>
    /// The same as <see cref="Fill(int, double, Span{double})"/> given <paramref name="expEta"/>,
    /// exp(<paramref name="eta"/>) as a product of exponentials worked out once per level (it may
    /// differ from Math.Exp(η) in its last bits): no exponential per rating where η needs no clamping.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fill(int signal, double eta, double expEta, Span<double> p)
    {
        if (!(Math.Abs(eta) <= EtaLimit && Math.Abs(eta) * (Categories - 1) <= FastLimit && fast[signal] && double.IsFinite(expEta) && expEta > 0))
        {
            Fill(signal, eta, p);
            return;
        }

        unchecked
        {
            var offset = signal * Categories;
            double sum = 1;
            double power = 1;
            p[0] = 1;
            for (var k = 1; k < Categories; k++)
            {
                power *= expEta;
                var value = power * weights[offset + k];
                p[k] = value;
                sum += value;
            }

            var inverse = 1 / sum;
            for (var k = 0; k < Categories; k++)
            {
                p[k] *= inverse;
            }
        }
    }

    /// <summary>The expected category and its variance under probabilities <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Expected, double Variance) Moments(ReadOnlySpan<double> p)
    {
        double mean = 0;
        double square = 0;
        for (var k = 1; k < p.Length; k++)
        {
            mean += k * p[k];
            square += k * k * p[k];
        }

        return (mean, Math.Max(square - (mean * mean), 0));
    }

    /// <summary>The expected category, its variance and its third central moment (the curvature of the expected rating in the logit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Expected, double Variance, double Third) ThreeMoments(ReadOnlySpan<double> p)
    {
        double m1 = 0, m2 = 0, m3 = 0;
        for (var k = 1; k < p.Length; k++)
        {
            var kp = k * p[k];
            m1 += kp;
            m2 += k * kp;
            m3 += k * k * kp;
        }

        var variance = Math.Max(m2 - (m1 * m1), 0);
        return (m1, variance, m3 - (3 * m1 * m2) + (2 * m1 * m1 * m1));
    }

    /// <summary>
    /// The tail probabilities P(X ≥ h) into <paramref name="atLeast"/>, and into
    /// <paramref name="corrected"/> the same plus <paramref name="half"/> times their curvature in
    /// the logit, d²P(X ≥ h)/dη² = E[(1[X ≥ h] − P(X ≥ h))(X − E)²]: the threshold gradient's
    /// second-order correction for the uncertainty of the logit (half = s²/2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tails(ReadOnlySpan<double> p, double mean, double variance, double half, Span<double> atLeast, Span<double> corrected)
    {
        double tail = 0, curvature = 0;
        for (var k = p.Length - 1; k >= 1; k--)
        {
            tail += p[k];
            curvature += p[k] * (k - mean) * (k - mean);
            atLeast[k] = tail;
            corrected[k] = tail + (half * (curvature - (tail * variance)));
        }
    }

    /// <summary>E[(X − E)^4]: the kurtosis term of the fit statistics' model variance.</summary>
    public static double FourthMoment(ReadOnlySpan<double> p, double expected)
    {
        double sum = 0;
        for (var k = 0; k < p.Length; k++)
        {
            var d = k - expected;
            sum += d * d * d * d * p[k];
        }

        return sum;
    }

    /// <summary>The expected category of signal <paramref name="signal"/> at logit <paramref name="eta"/>.</summary>
    public double Expected(int signal, double eta)
    {
        Span<double> p = stackalloc double[Categories];
        Fill(signal, eta, p);
        return Moments(p).Expected;
    }

    /// <summary>The expected category averaged over every signal: the fair-average curve.</summary>
    public double ExpectedOverSignals(double eta)
    {
        double sum = 0;
        for (var s = 0; s < Signals; s++)
        {
            sum += Expected(s, eta);
        }

        return sum / Signals;
    }

    /// <summary>The logit at which <see cref="ExpectedOverSignals"/> equals <paramref name="category"/>, by bisection (the curve increases).</summary>
    public double LogitForExpected(double category)
    {
        double low = -EtaLimit;
        double high = EtaLimit;
        for (var step = 0; step < 100; step++)
        {
            var middle = 0.5 * (low + high);
            if (ExpectedOverSignals(middle) < category)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return 0.5 * (low + high);
    }
}
