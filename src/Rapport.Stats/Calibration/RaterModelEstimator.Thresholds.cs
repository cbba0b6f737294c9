namespace Rapport.Stats.Calibration;

/// <summary>
/// The signal thresholds: their starting values, and one Newton step for all of them from the
/// residuals corrected for the candidate side's uncertainty.
/// </summary>
internal sealed partial class RaterModelEstimator
{
    /// <summary>Thresholds start at the adjacent-category log-odds of each signal's (or all signals') ratings.</summary>
    private void Initialise()
    {
        var categories = ratings.CategoryCount;
        var signals = ratings.Signals.Count;
        var counts = new double[signals * categories];
        for (var n = 0; n < ratings.Count; n++)
        {
            counts[(ratings.Signal[n] * categories) + ratings.Category[n]]++;
        }

        var pooled = new double[steps];
        for (var s = 0; s < signals; s++)
        {
            for (var h = 1; h < categories; h++)
            {
                var below = counts[(s * categories) + h - 1] + 0.5;
                var above = counts[(s * categories) + h] + 0.5;
                State.Thresholds[(s * steps) + h - 1] = Math.Log(below / above);
            }
        }

        if (options.Thresholds == ThresholdMode.Shared)
        {
            for (var h = 1; h < categories; h++)
            {
                double below = 0.5, above = 0.5;
                for (var s = 0; s < signals; s++)
                {
                    below += counts[(s * categories) + h - 1];
                    above += counts[(s * categories) + h];
                }

                pooled[h - 1] = Math.Log(below / above);
            }

            var pooledMean = pooled.Average();
            for (var s = 0; s < signals; s++)
            {
                var difficulty = State.SignalDifficulty(s);
                for (var h = 0; h < steps; h++)
                {
                    State.Thresholds[(s * steps) + h] = difficulty + pooled[h] - pooledMean;
                }
            }
        }

        if (!options.InterviewTerm)
        {
            State.InterviewPopulationVariance = 0;
        }

        State.Curves.Update(State.Thresholds);
    }

    private double UpdateSignals(bool apply)
    {
        var signals = ratings.Signals.Count;
        var residuals = new double[byRating.Count];
        var (expSeverity, expDifficulty) = FacetExponentials();
        byRating.Run(part =>
        {
            unchecked
            {
                var gradient = signalGradient[part];
                var information = signalInformation[part];
                Array.Clear(gradient);
                Array.Clear(information);
                Span<double> p = stackalloc double[ratings.CategoryCount];
                Span<double> atLeast = stackalloc double[ratings.CategoryCount];
                Span<double> corrected = stackalloc double[ratings.CategoryCount];
                var (ability, term, severity, difficulty, logitVariance, weights, curves) = (State.Ability, State.InterviewTerm, State.Severity, State.Difficulty, State.LogitVariance, State.InterviewerWeight, State.Curves);
                var (candidates, interviews, interviewers, questions, signalOf, categoryOf) = (ratings.Candidate, ratings.Interview, ratings.Interviewer, ratings.Question, ratings.Signal, ratings.Category);
                var (lastInterview, eta0, exp0) = (-1, 0.0, 0.0);
                double residual = 0;
                for (var n = byRating.Start(part); n < byRating.End(part); n++)
                {
                    var i = interviews[n];
                    if (i != lastInterview)
                    {
                        (lastInterview, eta0) = (i, ability[candidates[n]] + term[i]);
                        exp0 = Math.Exp(eta0);
                    }

                    var signal = signalOf[n];
                    var j = interviewers[n];
                    var q = questions[n];
                    curves.Fill(signal, eta0 - severity[j] - difficulty[q], exp0 * expSeverity[j] * expDifficulty[q], p);
                    var category = categoryOf[n];
                    var offset = signal * steps;
                    var (mean, variance) = SignalCurves.Moments(p);
                    var weight = weights[j];
                    residual += weight * (category - mean);
                    SignalCurves.Tails(p, mean, variance, 0.5 * logitVariance[i], atLeast, corrected);
                    for (var h = 1; h <= steps; h++)
                    {
                        gradient[offset + h - 1] += weight * (corrected[h] - (category >= h ? 1 : 0));
                        var row = (offset + h - 1) * steps;
                        for (var h2 = h; h2 <= steps; h2++)
                        {
                            information[row + h2 - 1] += weight * (atLeast[h2] - (atLeast[h] * atLeast[h2]));
                        }
                    }
                }

                residuals[part] = residual;
            }
        });
        residualSum = 0;
        foreach (var part in residuals)
        {
            residualSum += part;
        }

        var totalGradient = new double[signals * steps];
        var totalInformation = new double[signals * steps * steps];
        for (var part = 0; part < byRating.Count; part++)
        {
            for (var i = 0; i < totalGradient.Length; i++)
            {
                totalGradient[i] += signalGradient[part][i];
            }

            for (var i = 0; i < totalInformation.Length; i++)
            {
                totalInformation[i] += signalInformation[part][i];
            }
        }

        for (var s = 0; s < signals; s++)
        {
            for (var h = 0; h < steps; h++)
            {
                for (var h2 = 0; h2 < h; h2++)
                {
                    totalInformation[(((s * steps) + h) * steps) + h2] = totalInformation[(((s * steps) + h2) * steps) + h];
                }
            }
        }

        var step = options.Thresholds == ThresholdMode.PerSignal
            ? ThresholdSteps.PerSignal(State, totalGradient, totalInformation)
            : ThresholdSteps.Shared(State, totalGradient, totalInformation);
        if (!apply)
        {
            return 0;
        }

        var biggest = step.Max(Math.Abs);
        var scale = biggest > MaximumStep ? MaximumStep / biggest : 1;
        for (var i = 0; i < step.Length; i++)
        {
            State.Thresholds[i] += scale * step[i];
        }

        State.Curves.Update(State.Thresholds);
        return scale * biggest;
    }
}
