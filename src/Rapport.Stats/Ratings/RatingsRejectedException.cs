namespace Rapport.Stats.Ratings;

/// <summary>
/// The ratings were rejected as a whole (nothing is stored from a set with any problem), with
/// every problem found, up to <see cref="RatingProblems.MaximumKept"/>.
/// </summary>
public sealed class RatingsRejectedException : ArgumentException
{
    public RatingsRejectedException()
        : this(new RatingProblems())
    {
    }

    public RatingsRejectedException(string message)
        : base(message)
    {
        Problems = [new RatingProblem(0, null, message)];
    }

    public RatingsRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new RatingProblem(0, null, message)];
    }

    internal RatingsRejectedException(RatingProblems problems)
        : base(problems.Summary())
    {
        Problems = problems.Kept;
        ProblemCount = problems.Count;
    }

    public IReadOnlyList<RatingProblem> Problems { get; } = [];

    /// <summary>All problems found, including those beyond the ones kept.</summary>
    public int ProblemCount { get; } = 1;
}
