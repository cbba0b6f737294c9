using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// A fitted rater model: every facet's estimates with their uncertainty, how well the design
/// links everyone, and anything a reader should know. Keeps the parameters so that a new
/// candidate can be scored against them without refitting.
/// </summary>
public sealed record RaterModelFit
{
    internal RaterModelFit(RaterModelState state, RatingSet ratings)
    {
        State = state;
        Scale = ratings.Scale;
        InterviewerIndex = Index(ratings.InterviewerIds);
        QuestionIndex = Index(ratings.QuestionIds);
        SignalIndex = Index(ratings.Signals);
    }

    public required IReadOnlyList<CandidateMeasure> Candidates { get; init; }

    public required IReadOnlyList<InterviewerMeasure> Interviewers { get; init; }

    public required IReadOnlyList<QuestionMeasure> Questions { get; init; }

    public required IReadOnlyList<SignalMeasure> Signals { get; init; }

    public required RaterModelVariances Variances { get; init; }

    public required ConnectivityReport Connectivity { get; init; }

    /// <summary>Anything a reader should know before trusting the numbers, in sentences.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    public required RaterModelOptions Options { get; init; }

    public required int Sweeps { get; init; }

    public required bool Converged { get; init; }

    public RatingScale Scale { get; }

    internal RaterModelState State { get; }

    private Dictionary<string, int> InterviewerIndex { get; }

    private Dictionary<string, int> QuestionIndex { get; }

    private Dictionary<string, int> SignalIndex { get; }

    /// <summary>The fair average at logit <paramref name="ability"/>: an average interviewer, an average question, averaged over signals.</summary>
    public double FairAverageAt(double ability) => Scale.Minimum + State.Curves.ExpectedOverSignals(ability);

    /// <summary>
    /// Scores a candidate who was not in the fit, holding every interviewer, question, signal and
    /// variance fixed. An interviewer or question the fit never saw counts as average, and
    /// <paramref name="notes"/> says so.
    /// </summary>
    public CandidateMeasure ScoreCandidate(IReadOnlyList<Rating> ratings, out IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Count == 0)
        {
            throw new ArgumentException("There are no ratings to score. Provide the candidate's ratings from at least one interview.", nameof(ratings));
        }

        var candidate = ratings[0].CandidateId;
        var found = new List<string>();
        var interviews = new Dictionary<string, List<(double Offset, int Signal, int Category, double Weight)>>(StringComparer.Ordinal);
        foreach (var rating in ratings)
        {
            if (rating.CandidateId != candidate)
            {
                throw new ArgumentException($"The ratings are for more than one candidate ('{candidate}' and '{rating.CandidateId}'). Score one candidate at a time.", nameof(ratings));
            }

            if (!SignalIndex.TryGetValue(rating.Signal, out var signal))
            {
                throw new ArgumentException($"The signal '{rating.Signal}' was not in the fit, so its thresholds are unknown. Refit with ratings of that signal, or leave it out.", nameof(ratings));
            }

            if (!Scale.Contains(rating.Value))
            {
                throw new ArgumentException($"The rating {rating.Value} is outside the scale of {Scale}.", nameof(ratings));
            }

            var severity = Lookup(InterviewerIndex, State.Severity, rating.InterviewerId, "interviewer", found);
            var difficulty = Lookup(QuestionIndex, State.Difficulty, rating.QuestionId, "question", found);
            if (!interviews.TryGetValue(rating.InterviewId, out var list))
            {
                list = [];
                interviews.Add(rating.InterviewId, list);
            }

            // An interviewer the fit found erratic counts for as little here as in the fit.
            var weight = InterviewerIndex.TryGetValue(rating.InterviewerId, out var j) ? State.InterviewerWeight[j] : 1;
            list.Add((-severity - difficulty, signal, rating.Value - (int)Scale.Minimum, weight));
        }

        var (ability, variance) = CandidateScoring.Score(State, [.. interviews.Values]);
        notes = found;
        var standardError = Math.Sqrt(variance);
        return new CandidateMeasure(
            candidate,
            ability,
            standardError,
            FairAverageAt(ability),
            ProbabilityAboveBar(ability, standardError),
            ratings.Average(rating => rating.Value),
            ratings.Count,
            interviews.Count);
    }

    internal double ProbabilityAboveBar(double ability, double standardError) =>
        ProbabilityAboveBar(ability, standardError, BarLogit());

    /// <summary>The logit whose fair average is the bar: found by bisection, so worked out once for every candidate of a fit.</summary>
    internal double BarLogit() => State.Curves.LogitForExpected(Options.Bar - Scale.Minimum);

    internal static double ProbabilityAboveBar(double ability, double standardError, double barLogit) =>
        NormalDistribution.UpperTail((barLogit - ability) / standardError);

    private static double Lookup(Dictionary<string, int> index, double[] values, string id, string what, List<string> notes)
    {
        if (index.TryGetValue(id, out var i))
        {
            return values[i];
        }

        var note = $"The {what} '{id}' was not in the fit and is taken as average.";
        if (!notes.Contains(note))
        {
            notes.Add(note);
        }

        return 0;
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> ids)
    {
        var index = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            index[ids[i]] = i;
        }

        return index;
    }
}
