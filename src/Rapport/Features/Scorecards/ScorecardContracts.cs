namespace Rapport.Features.Scorecards;

/// <summary>A submitted version of a scorecard: the submission (number 1) or an amendment with its reason.</summary>
public sealed record ScorecardRevisionResponse(int Number, DateTimeOffset SubmittedAt, string? Reason, ScorecardContent Content, IReadOnlyList<EvidenceFindings> Findings);

/// <summary>
/// The caller's own scorecard for an interview: its state, the draft (with <see cref="DraftVersion"/>
/// to send back when saving), the sheet to rate, their own notes and the hints the candidate was
/// shown, what the language check notices, and the submitted versions. Never anyone else's.
/// </summary>
public sealed record ScorecardResponse(
    Guid InterviewId,
    Guid LoopId,
    string State,
    int DraftVersion,
    ScorecardContent Content,
    IReadOnlyList<SheetRow> Sheet,
    IReadOnlyList<SheetNote> Notes,
    IReadOnlyList<SheetHint> Hints,
    IReadOnlyList<EvidenceFindings> Findings,
    IReadOnlyList<ScorecardRevisionResponse> Revisions)
{
    public static ScorecardResponse From(ScorecardDraft draft) => new(
        draft.Scorecard.InterviewId,
        draft.Scorecard.LoopId,
        draft.Scorecard.State == ScorecardState.Submitted ? "submitted" : "draft",
        draft.Scorecard.DraftVersion,
        draft.Content,
        draft.Sheet.Rows,
        draft.Sheet.Notes,
        draft.Sheet.Hints,
        draft.Findings,
        [.. draft.Scorecard.Revisions.OrderBy(r => r.Number).Select(RevisionOf)]);

    public static ScorecardRevisionResponse RevisionOf(ScorecardRevision revision) => new(
        revision.Number,
        revision.SubmittedAt,
        revision.Reason,
        ScorecardContent.FromJson(revision.ContentJson),
        System.Text.Json.JsonSerializer.Deserialize<List<EvidenceFindings>>(revision.FindingsJson, System.Text.Json.JsonSerializerOptions.Web) ?? []);
}

/// <summary>A draft as typed, with the draft version the page last saw.</summary>
public sealed record SaveScorecardDraftRequest(ScorecardContent? Content, int Version);

public sealed record SubmitScorecardRequest(ScorecardContent? Content);

public sealed record AmendScorecardRequest(ScorecardContent? Content, string? Reason);

/// <summary>One submitted scorecard of a loop, as the debrief reads it: the latest version first, every earlier one kept.</summary>
public sealed record LoopScorecardResponse(
    Guid InterviewId,
    DateTimeOffset InterviewAt,
    string InterviewerId,
    string Interviewer,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<SheetRow> Sheet,
    IReadOnlyList<SheetHint> Hints,
    IReadOnlyList<ScorecardRevisionResponse> Revisions);
