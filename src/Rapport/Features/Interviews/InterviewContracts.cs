namespace Rapport.Features.Interviews;

public sealed record InterviewerResponse(string Id, string DisplayName);

public sealed record CandidateLinkStatusResponse(string State, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt)
{
    public static CandidateLinkStatusResponse From(Interview interview, DateTimeOffset now)
    {
        // The active link if there is one (at most one is), else the last one issued.
        var newest = interview.CandidateLinks.OrderBy(l => l.RevokedAt is null).ThenBy(l => l.IssuedAt).LastOrDefault();
        return newest is null
            ? new("none", null, null)
            : new(newest.StateAt(now).ToString().ToLowerInvariant(), newest.IssuedAt, newest.ExpiresAt);
    }
}

/// <summary>The staff view of an interview. Never sent to a candidate.</summary>
public sealed record InterviewResponse(
    Guid Id,
    string CandidateName,
    string CandidateEmail,
    string Role,
    DateTimeOffset ScheduledAt,
    int DurationMinutes,
    IReadOnlyList<InterviewerResponse> Interviewers,
    CandidateLinkStatusResponse CandidateLink,
    string? KitId = null,
    int ExtraTimePercent = 0)
{
    public static InterviewResponse From(Interview interview, DateTimeOffset now) => new(
        interview.Id,
        interview.CandidateName,
        interview.CandidateEmail,
        interview.Role,
        interview.ScheduledAt,
        interview.DurationMinutes,
        [.. interview.Interviewers.Select(a => new InterviewerResponse(a.InterviewerId, a.Interviewer?.DisplayName ?? ""))],
        CandidateLinkStatusResponse.From(interview, now),
        interview.KitId,
        interview.ExtraTimePercent);
}

/// <summary>A freshly issued link. The URL is shown once: only its hash is stored.</summary>
public sealed record CandidateLinkIssuedResponse(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// The planned interview, its link (shown once), and its invitations: queued in the outbox with the
/// interview and sent in the background (<c>GET /api/mail?interviewId=</c> says how that went), or,
/// with <see cref="InvitationProblem"/>, why they will not go out.
/// </summary>
public sealed record PlannedInterviewResponse(InterviewResponse Interview, CandidateLinkIssuedResponse CandidateLink, int InvitationsQueued = 0, string? InvitationProblem = null);

public sealed record CreateInterviewRequest(
    string? CandidateName,
    string? CandidateEmail,
    string? Role,
    DateTimeOffset? ScheduledAt,
    int? DurationMinutes,
    IReadOnlyList<string>? InterviewerIds,
    string? KitId = null)
{
    public InterviewPlan ToPlan() => new(CandidateName, CandidateEmail, Role, ScheduledAt, DurationMinutes, InterviewerIds, KitId);
}

/// <summary>
/// What a candidate sees of their own interview: nothing about other candidates, no staff
/// emails or ids, nothing interviewers write.
/// </summary>
public sealed record CandidateInterviewResponse(
    string CandidateName,
    string Role,
    DateTimeOffset ScheduledAt,
    int DurationMinutes,
    IReadOnlyList<string> InterviewerNames,
    IReadOnlyList<Rooms.AgendaSection> Agenda,
    IReadOnlyList<string> Languages)
{
    /// <param name="interview">The interview, with its panel loaded.</param>
    /// <param name="kit">The kit version it pinned, if any: the agenda and languages come from it.</param>
    public static CandidateInterviewResponse From(Interview interview, Kits.Format.KitDocument? kit) => new(
        interview.CandidateName,
        interview.Role,
        interview.ScheduledAt,
        interview.Stretched(interview.DurationMinutes),
        [.. interview.Interviewers.Select(a => a.Interviewer?.DisplayName ?? "").Order(StringComparer.Ordinal)],
        [.. (kit?.Sections ?? []).Select(s => new Rooms.AgendaSection(s.Title, s.Kind, interview.Stretched(s.Minutes)))],
        kit?.Languages ?? []);
}

public sealed record AccommodationRequest(int? ExtraTimePercent);
