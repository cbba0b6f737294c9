namespace Rapport.Stats.Calibration;

/// <summary>The REML-style variance updates and the prediction error variances they need.</summary>
internal sealed partial class MixedModelEstimator
{
    private double UpdateVariances()
    {
        var residual = Variances[4];
        interviewerClusters.AddInherited(InterviewError, InterviewerError, residual / Variances[1]);
        questionClusters.AddInherited(InterviewError, QuestionError, residual / Variances[1]);
        var effects = new[] { Candidate, Interview, Interviewer, Question };
        var errors = new[] { CandidateError, InterviewError, InterviewerError, QuestionError };
        var corrections = new[]
        {
            CandidateCorrection(),
            0,
            FixedEffectCorrection(interviewerSignalCounts, InterviewerCounts, Variances[4] / Variances[2]),
            FixedEffectCorrection(questionSignalCounts, QuestionCounts, Variances[4] / Variances[3]),
        };
        double change = 0;
        double degrees = Signal.Length;
        for (var k = 0; k < effects.Length; k++)
        {
            double squares = 0, trace = corrections[k];
            for (var level = 0; level < effects[k].Length; level++)
            {
                squares += effects[k][level] * effects[k][level];
                trace += errors[k][level];
            }

            // Effective degrees of freedom of the factor: levels minus the shrinkage (q − λ·tr C^kk).
            var effective = Math.Max(effects[k].Length - (trace * residual / Variances[k]), 1e-8 * effects[k].Length);
            degrees += effective;
            var updated = Math.Max(1e-8 * residual, squares / effective);
            Variances[k] = sequences[k].Next(updated, ref change);
        }

        var updatedResidual = squaredResiduals / Math.Max(1, ratings.Count - degrees);
        Variances[4] = sequences[4].Next(Math.Max(updatedResidual, 1e-12), ref change);
        return change;
    }

    /// <summary>
    /// What estimating the signal means adds to a factor's prediction error variances: with A = X'X,
    /// B = X'Z and D the factor's own (diagonal) block, the factor's block of the inverse is
    /// D⁻¹ + D⁻¹B'(A − BD⁻¹B')⁻¹BD⁻¹ (Woodbury), whose second term has trace
    /// tr((A − BD⁻¹B')⁻¹ BD⁻²B'). This is the difference between REML and ML, and it matters for
    /// factors with few levels; with it the updates are exact REML for balanced designs.
    /// </summary>
    private double FixedEffectCorrection(double[] levelSignalCounts, int[] counts, double ratio)
    {
        var signals = Signal.Length;
        var levels = counts.Length;
        var reduced = new double[signals * signals];
        var squared = new double[signals * signals];
        for (var s = 0; s < signals; s++)
        {
            reduced[(s * signals) + s] = SignalCounts[s];
        }

        for (var level = 0; level < levels; level++)
        {
            AddOuter(levelSignalCounts.AsSpan(level * signals, signals), 1 / (counts[level] + ratio), reduced, squared);
        }

        return DenseSystem.TraceOfInverseTimes(reduced, squared, signals);
    }

    /// <summary>The same for candidates, whose block is first reduced by eliminating their interviews.</summary>
    private double CandidateCorrection()
    {
        if (interviewSignalCounts is null)
        {
            return 0;
        }

        var signals = Signal.Length;
        var interviewRatio = Variances[4] / Variances[1];
        var reduced = new double[signals * signals];
        var squared = new double[signals * signals];
        var column = new double[signals];
        for (var s = 0; s < signals; s++)
        {
            reduced[(s * signals) + s] = SignalCounts[s];
        }

        for (var c = 0; c < Candidate.Length; c++)
        {
            Array.Clear(column);
            for (var i = ratings.CandidateInterviewStarts[c]; i < ratings.CandidateInterviewStarts[c + 1]; i++)
            {
                double count = ratings.InterviewStarts[i + 1] - ratings.InterviewStarts[i];
                var kept = 1 - (count / (count + interviewRatio));
                var perSignal = interviewSignalCounts.AsSpan(i * signals, signals);
                for (var s = 0; s < signals; s++)
                {
                    column[s] += perSignal[s] * kept;
                }
            }

            AddOuter(column, CandidateError[c], reduced, squared);
        }

        // Eliminating the interview terms reduces the signal block too: by Σ_i n_i n_i' / (|i| + λ)
        // over interviews i with per-signal counts n_i, summed once per interview size and pattern.
        foreach (var ((size, pattern), times) in interviewPatterns)
        {
            var perSignal = interviewSignalCounts.AsSpan(pattern * signals, signals);
            var weight = times / (size + interviewRatio);
            for (var s = 0; s < signals; s++)
            {
                for (var t = 0; t < signals; t++)
                {
                    reduced[(s * signals) + t] -= perSignal[s] * perSignal[t] * weight;
                }
            }
        }

        return DenseSystem.TraceOfInverseTimes(reduced, squared, signals);
    }

    /// <summary>reduced −= b b'·w; squared += b b'·w².</summary>
    private static void AddOuter(ReadOnlySpan<double> b, double w, double[] reduced, double[] squared)
    {
        var n = b.Length;
        for (var s = 0; s < n; s++)
        {
            if (b[s] == 0)
            {
                continue;
            }

            for (var t = 0; t < n; t++)
            {
                var product = b[s] * b[t] * w;
                reduced[(s * n) + t] -= product;
                squared[(s * n) + t] += product * w;
            }
        }
    }
}
