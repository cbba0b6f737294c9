namespace Rapport.Stats.Ratings;

/// <summary>
/// One rating of one signal, given by one interviewer to one candidate's answer to one question
/// in one interview. The candidate's self-identified group is deliberately not here: it lives in
/// <see cref="CandidateGroups"/>, apart from everything the rater model reads.
/// </summary>
/// <param name="InterviewId">The interview (one candidate, one sitting).</param>
/// <param name="CandidateId">The candidate interviewed.</param>
/// <param name="InterviewerId">The interviewer who gave the rating.</param>
/// <param name="QuestionId">The question the rating is about.</param>
/// <param name="Signal">The rubric signal rated, for example "problem_solving".</param>
/// <param name="Value">The rating on the declared scale, for example 1 to 4.</param>
/// <param name="RatedAt">When the rating was submitted.</param>
/// <param name="Line">The line of the CSV file the rating came from, or 0 when it did not come from a file.</param>
public sealed record Rating(
    string InterviewId,
    string CandidateId,
    string InterviewerId,
    string QuestionId,
    string Signal,
    int Value,
    DateTimeOffset RatedAt,
    int Line = 0);
