namespace Rapport.Features.Feedback;

/// <summary>A new text for the letter; <paramref name="Version"/> is the version the editor started from.</summary>
public sealed record SaveFeedbackRequest(string? Outcome, string? Feedback, int Version);

/// <summary>Approve what you read: with <paramref name="Version"/>, a letter changed since is refused.</summary>
public sealed record ApproveFeedbackRequest(int? Version);

public sealed record FinalCodeResponse(string Question, string Title, string Language, string FileName, string Code)
{
    public static FinalCodeResponse From(FinalCode code) => new(code.Question, code.Title, code.Language, code.FileName, code.Code);
}

/// <summary>
/// The letter as its editors see it. <c>SendingEnabled</c> is false when <c>Feedback:SendToCandidates</c>
/// is off: the letter is then never emailed or shown to the candidate.
/// </summary>
public sealed record FeedbackLetterResponse(
    Guid LoopId,
    string CandidateName,
    string Role,
    string Decision,
    string State,
    string Outcome,
    string Feedback,
    IReadOnlyList<FinalCodeResponse> Code,
    int Version,
    DateTimeOffset DraftedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? SentAt,
    bool SendingEnabled)
{
    public static FeedbackLetterResponse From(FeedbackLetterView view) => new(
        view.Loop.Id,
        view.Loop.Candidate!.AddressedAs,
        view.Loop.Role,
        view.Loop.Decision switch { Candidates.LoopDecision.Hire => "hire", Candidates.LoopDecision.NoHire => "no-hire", _ => "more-signal" },
        view.Letter.State.ToString().ToLowerInvariant(),
        view.Letter.Outcome,
        view.Letter.Feedback,
        [.. view.Letter.Code.Select(FinalCodeResponse.From)],
        view.Letter.Version,
        view.Letter.DraftedAt,
        view.ApprovedBy,
        view.Letter.ApprovedAt,
        view.Letter.SentAt,
        view.SendingEnabled);
}

/// <summary>What the candidate's link shows of their feedback: nothing until a letter is sent, then the letter as sent.</summary>
public sealed record CandidateFeedbackResponse(bool Sent, string? Outcome, string? Feedback, IReadOnlyList<FinalCodeResponse> Code, DateTimeOffset? SentAt)
{
    public static readonly CandidateFeedbackResponse NotYet = new(false, null, null, [], null);

    public static CandidateFeedbackResponse From(FeedbackLetter? letter) => letter is not { State: FeedbackLetterState.Sent }
        ? NotYet
        : new(true, letter.Outcome, letter.Feedback, [.. letter.Code.Select(FinalCodeResponse.From)], letter.SentAt);
}

/// <summary>A decided loop whose candidate has not had their letter yet.</summary>
public sealed record PendingFeedbackRow(Guid LoopId, string CandidateName, string Role, DateTimeOffset DecidedAt, string Letter);
