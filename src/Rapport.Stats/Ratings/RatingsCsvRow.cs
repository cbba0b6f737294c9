namespace Rapport.Stats.Ratings;

/// <summary>
/// One data row of a ratings file as read, before the checks that span rows: either a
/// <see cref="Rating"/> or the problems that kept the row from being one.
/// </summary>
/// <param name="Line">The line the row starts on (the header is line 1).</param>
/// <param name="Rating">The rating, or null when the row has problems.</param>
/// <param name="CandidateGroup">The candidate's self-identified group, or null when blank or the column is absent.</param>
/// <param name="Problems">What is wrong with the row; empty when <paramref name="Rating"/> is set.</param>
public sealed record RatingsCsvRow(int Line, Rating? Rating, string? CandidateGroup, IReadOnlyList<RatingProblem> Problems);
