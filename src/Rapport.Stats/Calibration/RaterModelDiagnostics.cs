using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>One pass over the ratings at the final estimates: fit per interviewer and question, counts.</summary>
internal sealed class RaterModelDiagnostics
{
    private RaterModelDiagnostics(FitAccumulator[] interviewers, FitAccumulator[] questions, int[][] categoryCounts, int[] interviewerCandidates, int[] questionInterviews)
    {
        Interviewers = interviewers;
        Questions = questions;
        CategoryCounts = categoryCounts;
        InterviewerCandidates = interviewerCandidates;
        QuestionInterviews = questionInterviews;
    }

    public FitAccumulator[] Interviewers { get; }

    public FitAccumulator[] Questions { get; }

    public int[][] CategoryCounts { get; }

    public int[] InterviewerCandidates { get; }

    public int[] QuestionInterviews { get; }

    public static RaterModelDiagnostics Compute(RatingSet ratings, RaterModelState state, int threads)
    {
        var parts = Partitions.Even(ratings.Count, threads);
        var interviewerParts = new FitAccumulator[parts.Count][];
        var questionParts = new FitAccumulator[parts.Count][];
        parts.Run(part =>
        {
            var interviewers = New(ratings.InterviewerIds.Count);
            var questions = New(ratings.QuestionIds.Count);
            Span<double> p = stackalloc double[ratings.CategoryCount];
            for (var n = parts.Start(part); n < parts.End(part); n++)
            {
                var eta = state.Ability[ratings.Candidate[n]] + state.InterviewTerm[ratings.Interview[n]]
                    - state.Severity[ratings.Interviewer[n]] - state.Difficulty[ratings.Question[n]];
                state.Curves.Fill(ratings.Signal[n], eta, p);
                var (expected, variance) = SignalCurves.Moments(p);
                var fourth = SignalCurves.FourthMoment(p, expected);
                interviewers[ratings.Interviewer[n]].Add(ratings.Category[n], expected, variance, fourth);
                questions[ratings.Question[n]].Add(ratings.Category[n], expected, variance, fourth);
            }

            interviewerParts[part] = interviewers;
            questionParts[part] = questions;
        });

        var categoryCounts = new int[ratings.Signals.Count][];
        for (var s = 0; s < categoryCounts.Length; s++)
        {
            categoryCounts[s] = new int[ratings.CategoryCount];
        }

        var interviewerCandidates = new int[ratings.InterviewerIds.Count];
        var lastCandidate = Enumerable.Repeat(-1, ratings.InterviewerIds.Count).ToArray();
        var questionInterviews = new int[ratings.QuestionIds.Count];
        var lastInterview = Enumerable.Repeat(-1, ratings.QuestionIds.Count).ToArray();
        for (var n = 0; n < ratings.Count; n++)
        {
            categoryCounts[ratings.Signal[n]][ratings.Category[n]]++;
            var j = ratings.Interviewer[n];
            if (lastCandidate[j] != ratings.Candidate[n])
            {
                lastCandidate[j] = ratings.Candidate[n];
                interviewerCandidates[j]++;
            }

            var q = ratings.Question[n];
            if (lastInterview[q] != ratings.Interview[n])
            {
                lastInterview[q] = ratings.Interview[n];
                questionInterviews[q]++;
            }
        }

        return new RaterModelDiagnostics(Reduce(interviewerParts), Reduce(questionParts), categoryCounts, interviewerCandidates, questionInterviews);
    }

    private static FitAccumulator[] New(int count)
    {
        var accumulators = new FitAccumulator[count];
        for (var i = 0; i < count; i++)
        {
            accumulators[i] = new FitAccumulator();
        }

        return accumulators;
    }

    private static FitAccumulator[] Reduce(FitAccumulator[][] parts)
    {
        var total = parts[0];
        for (var part = 1; part < parts.Length; part++)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i].Add(parts[part][i]);
            }
        }

        return total;
    }
}
