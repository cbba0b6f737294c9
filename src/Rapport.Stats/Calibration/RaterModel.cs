using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// A many-facet rating-scale Rasch model (Linacre, 1989, Many-Facet Rasch Measurement; Andrich,
/// 1978) for interview ratings. The log-odds of point k + 1 over point k of signal s, when
/// interviewer j rates candidate c on question q in interview i, is
/// θ_c + u_i − α_j − δ_q − t_{s,k+1}: ability, interview term, severity, difficulty and the
/// signal's threshold. θ, u, α and δ have zero-mean normal priors whose variances are estimated
/// from the data (empirical Bayes), so sparse facets borrow strength and every estimate stays
/// finite; the interview term keeps the signals of one interview from counting as independent.
/// </summary>
public static class RaterModel
{
    private const double FirstWeightsTolerance = 1e-2;

    /// <summary>Fits the model to every rating.</summary>
    /// <exception cref="StatisticUndefinedException">Every rating is the same, so nothing can be told apart.</exception>
    public static RaterModelFit Fit(RatingSet ratings, RaterModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        options ??= new RaterModelOptions();
        options.Validate(ratings.Scale);
        CheckVariation(ratings);

        var connectivity = DesignConnectivity.Check(ratings);
        var estimator = new RaterModelEstimator(ratings, options);
        // With weighting, the first weights need only roughly settled estimates: the rounds after
        // measure them again at fully settled ones, and the fit runs to the full tolerance.
        estimator.Run(options.WeighErraticInterviewers ? Math.Max(options.Tolerance, FirstWeightsTolerance) : null);
        var state = estimator.State;
        var diagnostics = RaterModelDiagnostics.Compute(ratings, state, options.Threads);
        var weights = new double[state.InterviewerWeight.Length];
        var finished = false;
        for (var round = 0; options.WeighErraticInterviewers && round < 3; round++)
        {
            // Weigh interviewers by the dispersion of their ratings and sweep on; the residuals
            // move as the estimates lean less on them, so the dispersion is measured again.
            double moved = 0;
            for (var j = 0; j < weights.Length; j++)
            {
                weights[j] = InterviewerDispersion.Weight(diagnostics.Interviewers[j].Statistic());
                moved = Math.Max(moved, Math.Abs(weights[j] - state.InterviewerWeight[j]));
            }

            if (moved < 0.02)
            {
                // The standard errors are those of the weights the estimates were fitted with;
                // the report shows the weights measured last, which differ by less than 0.02.
                estimator.Finish();
                finished = true;
                weights.CopyTo(state.InterviewerWeight);
                break;
            }

            weights.CopyTo(state.InterviewerWeight);
            estimator.Continue();
            diagnostics = RaterModelDiagnostics.Compute(ratings, state, options.Threads);
        }

        if (!finished)
        {
            estimator.Finish();
        }

        var erratic = Enumerable.Range(0, ratings.InterviewerIds.Count).Select(j => InterviewerDispersion.IsErratic(diagnostics.Interviewers[j].Statistic())).ToArray();

        var fit = new RaterModelFit(state, ratings)
        {
            Candidates = [],
            Interviewers = [],
            Questions = [],
            Signals = [],
            Variances = new RaterModelVariances(
                state.AbilityPopulationVariance,
                state.SeverityPopulationVariance,
                state.DifficultyPopulationVariance,
                options.InterviewTerm ? state.InterviewPopulationVariance : 0),
            Connectivity = connectivity,
            Warnings = [],
            Options = options,
            Sweeps = estimator.Sweeps,
            Converged = estimator.Converged,
        };

        var average = state.Curves.ExpectedOverSignals(0);
        return fit with
        {
            Candidates = Candidates(ratings, fit, erratic),
            Interviewers = [.. Enumerable.Range(0, ratings.InterviewerIds.Count).Select(j => new InterviewerMeasure(
                ratings.InterviewerIds[j],
                state.Severity[j],
                Math.Sqrt(state.SeverityVariance[j]),
                average - state.Curves.ExpectedOverSignals(-state.Severity[j]),
                diagnostics.Interviewers[j].Statistic(),
                ratings.Scale.Minimum + (diagnostics.Interviewers[j].Ratings / diagnostics.Interviewers[j].Count),
                diagnostics.Interviewers[j].Count,
                diagnostics.InterviewerCandidates[j])
            {
                Weight = state.InterviewerWeight[j],
                Erratic = erratic[j],
            })],
            Questions = [.. Enumerable.Range(0, ratings.QuestionIds.Count).Select(q => new QuestionMeasure(
                ratings.QuestionIds[q],
                state.Difficulty[q],
                Math.Sqrt(state.DifficultyVariance[q]),
                average - state.Curves.ExpectedOverSignals(-state.Difficulty[q]),
                diagnostics.Questions[q].Statistic(),
                ratings.Scale.Minimum + (diagnostics.Questions[q].Ratings / diagnostics.Questions[q].Count),
                diagnostics.Questions[q].Count,
                diagnostics.QuestionInterviews[q]))],
            Signals = Signals(ratings, state, diagnostics),
            Warnings = Warnings(ratings, state, options, estimator, diagnostics, connectivity),
        };
    }

    private static void CheckVariation(RatingSet ratings)
    {
        var first = ratings.Category[0];
        for (var n = 1; n < ratings.Count; n++)
        {
            if (ratings.Category[n] != first)
            {
                return;
            }
        }

        throw new StatisticUndefinedException(
            $"All {ratings.Count} ratings are {first + (int)ratings.Scale.Minimum}, so the ratings cannot tell any candidate, interviewer or question apart from another. Calibration needs ratings that vary; check that the export did not fill in a default value.");
    }

    private static List<CandidateMeasure> Candidates(RatingSet ratings, RaterModelFit fit, bool[] erratic)
    {
        var state = fit.State;
        var barLogit = fit.BarLogit();
        var measures = new List<CandidateMeasure>(ratings.CandidateIds.Count);
        for (var c = 0; c < ratings.CandidateIds.Count; c++)
        {
            double sum = 0;
            var fromErratic = 0;
            for (var n = ratings.CandidateStarts[c]; n < ratings.CandidateStarts[c + 1]; n++)
            {
                sum += ratings.Category[n];
                fromErratic += erratic[ratings.Interviewer[n]] ? 1 : 0;
            }

            var count = ratings.CandidateStarts[c + 1] - ratings.CandidateStarts[c];
            var standardError = Math.Sqrt(state.AbilityVariance[c]);
            measures.Add(new CandidateMeasure(
                ratings.CandidateIds[c],
                state.Ability[c],
                standardError,
                fit.FairAverageAt(state.Ability[c]),
                RaterModelFit.ProbabilityAboveBar(state.Ability[c], standardError, barLogit),
                ratings.Scale.Minimum + (sum / count),
                count,
                ratings.CandidateInterviewStarts[c + 1] - ratings.CandidateInterviewStarts[c])
            {
                ErraticShare = fromErratic / (double)count,
            });
        }

        return measures;
    }

    private static List<SignalMeasure> Signals(RatingSet ratings, RaterModelState state, RaterModelDiagnostics diagnostics)
    {
        var steps = ratings.CategoryCount - 1;
        var measures = new List<SignalMeasure>();
        for (var s = 0; s < ratings.Signals.Count; s++)
        {
            var difficulty = state.SignalDifficulty(s);
            var counts = diagnostics.CategoryCounts[s];
            var total = counts.Sum();
            double sum = 0;
            for (var k = 0; k < counts.Length; k++)
            {
                sum += k * counts[k];
            }

            measures.Add(new SignalMeasure(
                ratings.Signals[s],
                difficulty,
                Math.Sqrt(state.SignalDifficultyVariance[s]),
                [.. Enumerable.Range(0, steps).Select(h => state.Thresholds[(s * steps) + h] - difficulty)],
                counts,
                ratings.Scale.Minimum + (sum / total)));
        }

        return measures;
    }

    private static List<string> Warnings(RatingSet ratings, RaterModelState state, RaterModelOptions options, RaterModelEstimator estimator, RaterModelDiagnostics diagnostics, ConnectivityReport connectivity)
    {
        var warnings = new List<string>();
        if (!estimator.Converged)
        {
            warnings.Add($"The estimates had not settled after {estimator.Sweeps} sweeps. Treat them as approximate, and raise the maximum number of sweeps or report the data that caused it.");
        }

        warnings.AddRange(connectivity.Notes);

        var single = Enumerable.Range(0, ratings.InterviewerIds.Count).Where(j => diagnostics.Interviewers[j].Count == 1).ToList();
        if (single.Count > 0)
        {
            warnings.Add($"{single.Count} interviewer(s) gave a single rating ({Examples(single.Select(j => ratings.InterviewerIds[j]))}). One rating says almost nothing about severity: their estimates stay close to average until they have rated more.");
        }

        for (var s = 0; s < ratings.Signals.Count; s++)
        {
            var unused = Enumerable.Range(0, ratings.CategoryCount).Where(k => diagnostics.CategoryCounts[s][k] == 0).ToList();
            if (unused.Count > 0)
            {
                var points = string.Join(", ", unused.Select(k => k + (int)ratings.Scale.Minimum));
                warnings.Add($"No one rated '{ratings.Signals[s]}' {points}. The thresholds next to an unused point rest on the prior, so that signal's scale is only partly calibrated; consider shared thresholds.");
            }
        }

        void Floor(double variance, string facet, string consequence)
        {
            if (variance <= RaterModelState.VarianceFloor * 1.01)
            {
                warnings.Add($"The {facet} do not detectably differ (their estimated variance is at the floor of {RaterModelState.VarianceFloor}): {consequence}.");
            }
        }

        Floor(state.AbilityPopulationVariance, "candidates", "the ratings do not separate candidates, so every calibrated score is close to average");
        Floor(state.SeverityPopulationVariance, "interviewers' severities", "every interviewer is treated as average");
        Floor(state.DifficultyPopulationVariance, "questions' difficulties", "every question is treated as average");
        if (options.InterviewTerm)
        {
            Floor(state.InterviewPopulationVariance, "interviews beyond their candidates", "the interview term has no effect");
        }

        return warnings;
    }

    private static string Examples(IEnumerable<string> ids)
    {
        var list = ids.Take(4).ToList();
        return string.Join(", ", list.Take(3)) + (list.Count > 3 ? ", …" : string.Empty);
    }
}
