namespace Rapport.Features.Insights;

/// <summary>
/// The levels of one interviewer's scorecard for one interview, as Insights stores them: the whole
/// set as submitted (or amended), every signal they rated on every question. A signal left out is
/// one they did not assess, or no longer assess in an amendment.
/// </summary>
/// <param name="Source">What stored them, shown with the batch, for example "scorecard" (at most 260 characters).</param>
/// <param name="InterviewKey">The interview, as <c>interview_id</c> in the ratings CSV.</param>
/// <param name="CandidateKey">The candidate, as <c>candidate_id</c>; an interview has one candidate.</param>
/// <param name="InterviewerKey">The interviewer, as <c>interviewer_id</c>: their email address gives them their own report (My ratings).</param>
/// <param name="SubmittedAt">When the scorecard (or the amendment) was submitted: the <c>rated_at</c> of every new level.</param>
/// <param name="Levels">One level per question and signal assessed, at most once each.</param>
public sealed record ScorecardRatings(
    string Source,
    string InterviewKey,
    string CandidateKey,
    string InterviewerKey,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<ScorecardLevel> Levels);

/// <summary>One level given on a scorecard: a signal of a question, 1 to 4.</summary>
public sealed record ScorecardLevel(string QuestionKey, string Signal, int Level);

/// <summary>
/// What staging changed, not yet saved. <see cref="BatchId"/> is null when nothing changed (the
/// same levels staged again): then there is nothing to save for the ratings.
/// </summary>
/// <param name="BatchId">The batch that will hold the change once saved, or null when nothing changed.</param>
/// <param name="Added">New current ratings: first levels, and changed levels of an amendment.</param>
/// <param name="Superseded">Current ratings that became history: replaced by a changed level, or withdrawn.</param>
/// <param name="Withdrawn">Of <paramref name="Superseded"/>, those with no replacement (the amendment no longer rates that signal).</param>
/// <param name="Unchanged">Levels equal to the current rating, which stays current with its first <c>rated_at</c>.</param>
public sealed record StagedScorecardRatings(Guid? BatchId, int Added, int Superseded, int Withdrawn, int Unchanged);
