namespace Rapport.Stats.Ratings;

/// <summary>
/// Validated ratings in a compact columnar form: identifiers are interned to indices, a rating
/// costs about 26 bytes, and ratings are stored candidate by candidate, interview by interview,
/// so that the estimation sweeps read each candidate's ratings as one contiguous run. The order
/// of the input is not kept; <see cref="Rating.Line"/> traces a rating back to its file line.
/// </summary>
public sealed class RatingSet
{
    private readonly string[] candidateIds;
    private readonly string[] interviewerIds;
    private readonly string[] questionIds;
    private readonly string[] interviewIds;
    private readonly string[] signals;

    private RatingSet(RatingScale scale, string[] candidateIds, string[] interviewerIds, string[] questionIds, string[] interviewIds, string[] signals, RatingColumns columns)
    {
        Scale = scale;
        this.candidateIds = candidateIds;
        this.interviewerIds = interviewerIds;
        this.questionIds = questionIds;
        this.interviewIds = interviewIds;
        this.signals = signals;
        Candidate = columns.Candidate;
        Interviewer = columns.Interviewer;
        Question = columns.Question;
        Interview = columns.Interview;
        Signal = columns.Signal;
        Category = columns.Category;
        RatedAtTicks = columns.RatedAtTicks;
        Lines = columns.Lines;
        (InterviewStarts, CandidateStarts, InterviewCandidate) = Ranges(columns, candidateIds.Length, interviewIds.Length);
        CandidateInterviewStarts = new int[candidateIds.Length + 1];
        foreach (var candidate in InterviewCandidate)
        {
            CandidateInterviewStarts[candidate + 1]++;
        }

        for (var c = 0; c < candidateIds.Length; c++)
        {
            CandidateInterviewStarts[c + 1] += CandidateInterviewStarts[c];
        }
    }

    public int Count => Category.Length;

    /// <summary>The scale the ratings were given on; its lowest point is category 0 of the model.</summary>
    public RatingScale Scale { get; }

    /// <summary>How many points the scale has (4 for a scale of 1 to 4).</summary>
    public int CategoryCount => (int)(Scale.Maximum - Scale.Minimum) + 1;

    public IReadOnlyList<string> CandidateIds => candidateIds;

    public IReadOnlyList<string> InterviewerIds => interviewerIds;

    public IReadOnlyList<string> QuestionIds => questionIds;

    public IReadOnlyList<string> InterviewIds => interviewIds;

    public IReadOnlyList<string> Signals => signals;

    internal int[] Candidate { get; }

    internal int[] Interviewer { get; }

    internal int[] Question { get; }

    internal int[] Interview { get; }

    internal byte[] Signal { get; }

    /// <summary>The rating minus the scale's lowest point: 0 to <see cref="CategoryCount"/> − 1.</summary>
    internal byte[] Category { get; }

    internal long[] RatedAtTicks { get; }

    internal int[]? Lines { get; }

    /// <summary>Ratings of interview i are [InterviewStarts[i], InterviewStarts[i + 1]).</summary>
    internal int[] InterviewStarts { get; }

    /// <summary>Ratings of candidate c are [CandidateStarts[c], CandidateStarts[c + 1]).</summary>
    internal int[] CandidateStarts { get; }

    internal int[] InterviewCandidate { get; }

    /// <summary>Interviews of candidate c are [CandidateInterviewStarts[c], CandidateInterviewStarts[c + 1]).</summary>
    internal int[] CandidateInterviewStarts { get; }

    /// <summary>The rating at <paramref name="index"/> (from 0), in storage order.</summary>
    public Rating this[int index] => new(
        interviewIds[Interview[index]],
        candidateIds[Candidate[index]],
        interviewerIds[Interviewer[index]],
        questionIds[Question[index]],
        signals[Signal[index]],
        Category[index] + (int)Scale.Minimum,
        new DateTimeOffset(RatedAtTicks[index], TimeSpan.Zero),
        Lines?[index] ?? 0);

    /// <summary>
    /// Validates and stores <paramref name="ratings"/>, all or nothing: any problem rejects the
    /// whole set with every problem found (up to 100) and how to fix it.
    /// </summary>
    /// <exception cref="RatingsRejectedException">The ratings have problems; none were stored.</exception>
    public static RatingSet Create(IEnumerable<Rating> ratings, RatingScale? scale = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var builder = new RatingSetBuilder(scale ?? RatingSetBuilder.DefaultScale);
        foreach (var rating in ratings)
        {
            builder.Add(rating.InterviewId, rating.CandidateId, rating.InterviewerId, rating.QuestionId, rating.Signal, rating.Value, rating.RatedAt, rating.Line);
        }

        return builder.Build(out var problems) ?? throw new RatingsRejectedException(problems);
    }

    /// <summary>
    /// Builds a set from trusted interned columns (the simulator's): every index must be in
    /// range and every interview must belong to one candidate.
    /// </summary>
    internal static RatingSet FromColumns(RatingScale scale, string[] candidateIds, string[] interviewerIds, string[] questionIds, string[] interviewIds, string[] signals, RatingColumns columns)
    {
        if (columns.IsSortedByCandidateAndInterview())
        {
            return new RatingSet(scale, candidateIds, interviewerIds, questionIds, interviewIds, signals, columns);
        }

        var oldInterview = columns.SortByCandidateAndInterview(candidateIds.Length, interviewIds.Length);
        var renamed = new string[interviewIds.Length];
        for (var i = 0; i < renamed.Length; i++)
        {
            renamed[i] = interviewIds[oldInterview[i]];
        }

        return new RatingSet(scale, candidateIds, interviewerIds, questionIds, renamed, signals, columns);
    }

    private static (int[] InterviewStarts, int[] CandidateStarts, int[] InterviewCandidate) Ranges(RatingColumns columns, int candidateCount, int interviewCount)
    {
        var interviewStarts = new int[interviewCount + 1];
        var candidateStarts = new int[candidateCount + 1];
        var interviewCandidate = new int[interviewCount];
        for (var n = 0; n < columns.Count; n++)
        {
            interviewStarts[columns.Interview[n] + 1]++;
            candidateStarts[columns.Candidate[n] + 1]++;
            interviewCandidate[columns.Interview[n]] = columns.Candidate[n];
        }

        for (var i = 0; i < interviewCount; i++)
        {
            interviewStarts[i + 1] += interviewStarts[i];
        }

        for (var c = 0; c < candidateCount; c++)
        {
            candidateStarts[c + 1] += candidateStarts[c];
        }

        return (interviewStarts, candidateStarts, interviewCandidate);
    }
}
