using System.Text.Json;

namespace Rapport.Features.Scorecards;

/// <summary>
/// What an interviewer writes on a scorecard: a level (or "not assessed") with its evidence for each
/// signal of the sheet, and an overall recommendation with a sentence why. Drafts may be incomplete;
/// <see cref="ScorecardRules"/> says what a submission needs.
/// </summary>
/// <param name="Ratings">One per row of the sheet the interviewer touched.</param>
/// <param name="Recommendation">strong-no, no, yes or strong-yes; null until chosen.</param>
/// <param name="Why">A sentence on why.</param>
public sealed record ScorecardContent(IReadOnlyList<SignalRating>? Ratings, string? Recommendation, string? Why)
{
    public static readonly ScorecardContent Empty = new([], null, null);

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static ScorecardContent FromJson(string json) => JsonSerializer.Deserialize<ScorecardContent>(json, JsonSerializerOptions.Web) ?? Empty;
}

/// <summary>
/// One signal of one question (or of the whole interview, <see cref="ScorecardSheet.WholeInterview"/>).
/// </summary>
/// <param name="Question">The question's id, or <see cref="ScorecardSheet.WholeInterview"/>.</param>
/// <param name="Signal">The signal's id.</param>
/// <param name="Level">1 to 4; null when not assessed.</param>
/// <param name="Evidence">What the interviewer saw: required for every level given.</param>
/// <param name="Moments">Moments of the room's log (their sequence numbers) the evidence points at: each opens the replay there.</param>
public sealed record SignalRating(string? Question, string? Signal, int? Level, string? Evidence, IReadOnlyList<long>? Moments = null);
