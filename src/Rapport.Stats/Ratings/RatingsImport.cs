namespace Rapport.Stats.Ratings;

/// <summary>
/// The outcome of reading a ratings file, all or nothing: either every row was good and
/// <see cref="Ratings"/> holds them, or <see cref="Problems"/> says what to fix and nothing is kept.
/// </summary>
/// <param name="Ratings">The ratings, or null when the file had problems.</param>
/// <param name="Groups">Self-identified candidate groups from the optional candidate_group column, kept apart from the ratings; empty when the column is absent. Null when the file had problems.</param>
/// <param name="Problems">The first problems found (up to 100), each with its line and what to fix.</param>
/// <param name="ProblemCount">Every problem found, including those beyond the ones listed.</param>
public sealed record RatingsImport(
    RatingSet? Ratings,
    CandidateGroups? Groups,
    IReadOnlyList<RatingProblem> Problems,
    int ProblemCount)
{
    public bool Succeeded => Ratings is not null;
}
