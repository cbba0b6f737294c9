using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// The cross-check for the rater model: rating = signal mean + candidate + interview +
/// interviewer + question + error, with crossed random effects for candidates, interviewers and
/// questions, interviews nested in candidates, and REML-style variance components (the lme4
/// formula rating ~ signal + (1|candidate) + (1|interview) + (1|interviewer) + (1|question)).
/// If the two models disagree about who is harsh or able, the disagreement is worth a look.
/// </summary>
public static class CrossedMixedModel
{
    public static MixedModelFit Fit(RatingSet ratings, int threads = 1, int maximumIterations = 500, double tolerance = 1e-5, IProgress<CalibrationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (threads < 1 || maximumIterations < 1 || !(tolerance > 0))
        {
            throw new ArgumentException($"Threads and iterations must be at least 1 and the tolerance positive, but got {threads}, {maximumIterations} and {tolerance}.", nameof(threads));
        }

        var first = ratings.Category[0];
        if (ratings.Category.All(category => category == first))
        {
            throw new StatisticUndefinedException(
                $"All {ratings.Count} ratings are {first + (int)ratings.Scale.Minimum}, so there is no variance to divide into components. Calibration needs ratings that vary.");
        }

        var estimator = new MixedModelEstimator(ratings, threads);
        estimator.Run(maximumIterations, tolerance, progress);
        var v = estimator.Variances;
        var variances = new MixedModelVariances(v[0], v[1], v[2], v[3], v[4]);
        var minimum = ratings.Scale.Minimum;
        var candidateCounts = Enumerable.Range(0, ratings.CandidateIds.Count).Select(c => ratings.CandidateStarts[c + 1] - ratings.CandidateStarts[c]).ToArray();

        return new MixedModelFit(
            variances,
            Effects(ratings.Signals, estimator.Signal.Select(mean => mean + minimum).ToArray(), estimator.SignalCounts.Select(count => 1.0 / count).ToArray(), estimator.SignalCounts, v[4]),
            Effects(ratings.CandidateIds, estimator.Candidate, estimator.CandidateError, candidateCounts, v[4]),
            Effects(ratings.InterviewerIds, estimator.Interviewer, estimator.InterviewerError, estimator.InterviewerCounts, v[4]),
            Effects(ratings.QuestionIds, estimator.Question, estimator.QuestionError, estimator.QuestionCounts, v[4]),
            Reliability(ratings, variances),
            estimator.Iterations,
            estimator.Converged);
    }

    /// <summary>
    /// G(q,k) for the observed design and projected for 1–8 interviews. The projection keeps the
    /// design's overlap (q·k̂ per facet), its interviewers and questions per interview and its
    /// ratings per interview, and changes only the number of interviews.
    /// </summary>
    public static ReliabilityEstimate Reliability(RatingSet ratings, MixedModelVariances variances)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(variances);
        var (interviewerQ, _) = Generalizability.Overlap(ratings, FacetOfRating.Interviewer);
        var (questionQ, _) = Generalizability.Overlap(ratings, FacetOfRating.Question);
        var candidates = ratings.CandidateIds.Count;
        double inverseInterviews = 0, inverseRatings = 0;
        for (var c = 0; c < candidates; c++)
        {
            inverseInterviews += 1.0 / (ratings.CandidateInterviewStarts[c + 1] - ratings.CandidateInterviewStarts[c]);
            inverseRatings += 1.0 / (ratings.CandidateStarts[c + 1] - ratings.CandidateStarts[c]);
        }

        var interviews = candidates / inverseInterviews;
        var ratingsPer = candidates / inverseRatings;

        double At(double k)
        {
            var scale = k / interviews;
            var rater = (interviewerQ * variances.Interviewer / scale) + (questionQ * variances.Question / scale);
            var error = (variances.Interview / k) + (variances.Residual / (ratingsPer * scale));
            return Generalizability.Coefficient(variances.Candidate, 1, rater, error, 1);
        }

        return new ReliabilityEstimate(
            At(interviews),
            interviewerQ,
            questionQ,
            interviews,
            [.. Enumerable.Range(1, 8).Select(k => new ReliabilityPoint(k, At(k)))]);
    }

    private static List<LevelEffect> Effects(IReadOnlyList<string> ids, double[] effects, double[] errors, int[] counts, double residual) =>
        [.. Enumerable.Range(0, ids.Count).Select(i => new LevelEffect(ids[i], effects[i], Math.Sqrt(errors[i] * residual), counts[i]))];
}
