namespace Rapport.Features.Audit;

/// <summary>
/// What an audit entry records. An interview's own history (planned, moved, … ended) is the
/// part of the log that is about that interview's plan: see <see cref="InterviewHistory"/>.
/// </summary>
public static class AuditKinds
{
    public const string Planned = "planned";
    public const string Rescheduled = "rescheduled";
    public const string PanelChanged = "panel-changed";
    public const string Cancelled = "cancelled";
    public const string Started = "started";
    public const string Ended = "ended";

    /// <summary>The loop's debrief lead changed; written to each interview of the loop, so each one's history shows it.</summary>
    public const string DebriefLeadChanged = "debrief-lead-changed";

    public const string CandidateLinkIssued = "candidate-link-issued";
    public const string CandidateLinkWithdrawn = "candidate-link-withdrawn";
    public const string PersonInvited = "person-invited";
    public const string SignInLinkIssued = "sign-in-link-issued";
    public const string RoleChanged = "role-changed";
    public const string BankEdited = "bank-edited";
    public const string BankImported = "bank-imported";
    public const string RatingsImported = "ratings-imported";
    public const string ScorecardsViewed = "scorecards-viewed";
    public const string DecisionRecorded = "decision-recorded";
    public const string FeedbackLetterSent = "feedback-letter-sent";

    /// <summary>The kinds an interview's history page and <c>GET /api/interviews/{id}/changes</c> show.</summary>
    public static readonly IReadOnlyList<string> InterviewHistory = [Planned, Rescheduled, PanelChanged, Cancelled, Started, Ended, DebriefLeadChanged];

    public static readonly IReadOnlyList<string> All =
    [
        .. InterviewHistory, CandidateLinkIssued, CandidateLinkWithdrawn, PersonInvited, SignInLinkIssued, RoleChanged,
        BankEdited, BankImported, RatingsImported, ScorecardsViewed, DecisionRecorded, FeedbackLetterSent,
    ];
}
