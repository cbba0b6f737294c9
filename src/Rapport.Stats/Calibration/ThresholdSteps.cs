namespace Rapport.Stats.Calibration;

/// <summary>
/// Newton steps for the signal thresholds from their summed gradient and information. The
/// thresholds t_h of a signal are its difficulty (their mean) plus steps τ_h that sum to zero;
/// the steps carry a weak N(0, 5²) prior so that a rating point nobody used stays finite, and
/// the difficulty is free (the facets' zero-mean priors anchor the scale).
/// </summary>
internal static class ThresholdSteps
{
    /// <summary>Every signal's thresholds move on their own: a (K−1) × (K−1) system per signal.</summary>
    public static double[] PerSignal(RaterModelState state, double[] gradient, double[] information)
    {
        var steps = state.Categories - 1;
        var signals = state.Curves.Signals;
        var change = new double[signals * steps];
        var difficultyVariance = new double[signals];
        var average = Enumerable.Repeat(1.0 / steps, steps).ToArray();
        for (var s = 0; s < signals; s++)
        {
            var offset = s * steps;
            var mean = state.SignalDifficulty(s);
            var a = new double[steps * steps];
            var b = new double[steps];
            for (var h = 0; h < steps; h++)
            {
                b[h] = gradient[offset + h] - (RaterModelState.StepPrecision * (state.Thresholds[offset + h] - mean));
                for (var h2 = 0; h2 < steps; h2++)
                {
                    var centring = (h == h2 ? 1 : 0) - (1.0 / steps);
                    a[(h * steps) + h2] = information[((offset + h) * steps) + h2] + (RaterModelState.StepPrecision * centring);
                }
            }

            difficultyVariance[s] = DenseSystem.InverseQuadraticForm((double[])a.Clone(), average, steps);
            DenseSystem.Solve(a, b, steps);
            Array.Copy(b, 0, change, offset, steps);
        }

        state.SignalDifficultyVariance = difficultyVariance;
        return change;
    }

    /// <summary>
    /// One set of steps for all signals: t_{s,h} = β_s + τ_h with τ = Zγ summing to zero
    /// (τ_h = γ_h for h &lt; K − 1, τ_{K−1} = −Σγ). One dense system over every β and γ.
    /// </summary>
    public static double[] Shared(RaterModelState state, double[] gradient, double[] information)
    {
        var steps = state.Categories - 1;
        var signals = state.Curves.Signals;
        var free = steps - 1;
        var dimension = signals + free;
        var a = new double[dimension * dimension];
        var b = new double[dimension];
        var last = steps - 1;
        for (var s = 0; s < signals; s++)
        {
            var offset = s * steps;
            double I(int h, int h2) => information[((offset + h) * steps) + h2];
            double IZ(int h, int g) => I(h, g) - I(h, last);

            for (var h = 0; h < steps; h++)
            {
                b[s] += gradient[offset + h];
                for (var h2 = 0; h2 < steps; h2++)
                {
                    a[(s * dimension) + s] += I(h, h2);
                }
            }

            for (var g = 0; g < free; g++)
            {
                double cross = 0;
                for (var h = 0; h < steps; h++)
                {
                    cross += IZ(h, g);
                }

                a[(s * dimension) + signals + g] = cross;
                a[((signals + g) * dimension) + s] = cross;
                b[signals + g] += gradient[offset + g] - gradient[offset + last];
                for (var g2 = 0; g2 < free; g2++)
                {
                    a[((signals + g) * dimension) + signals + g2] += IZ(g, g2) - IZ(last, g2);
                }
            }
        }

        // The prior on the steps τ (read from signal 0; every signal shares them).
        var difficulty0 = state.SignalDifficulty(0);
        var lastStep = state.Thresholds[last] - difficulty0;
        for (var g = 0; g < free; g++)
        {
            b[signals + g] -= RaterModelState.StepPrecision * (state.Thresholds[g] - difficulty0 - lastStep);
            for (var g2 = 0; g2 < free; g2++)
            {
                a[((signals + g) * dimension) + signals + g2] += RaterModelState.StepPrecision * ((g == g2 ? 1 : 0) + 1);
            }
        }

        var inverseDiagonal = DenseSystem.InverseDiagonal((double[])a.Clone(), dimension);
        state.SignalDifficultyVariance = inverseDiagonal[..signals];
        DenseSystem.Solve(a, b, dimension);

        var change = new double[signals * steps];
        double lastChange = 0;
        for (var g = 0; g < free; g++)
        {
            lastChange -= b[signals + g];
        }

        for (var s = 0; s < signals; s++)
        {
            for (var h = 0; h < steps; h++)
            {
                change[(s * steps) + h] = b[s] + (h < free ? b[signals + h] : lastChange);
            }
        }

        return change;
    }
}
