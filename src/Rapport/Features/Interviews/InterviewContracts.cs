namespace Rapport.Features.Interviews;

/// <summary>A panel member: <c>Role</c> is interviewer, shadow or reverse-shadow; <c>ShadowReason</c> what the candidate is told of why a shadow is there (null: the default sentence).</summary>
public sealed record InterviewerResponse(string Id, string DisplayName, string Role = "interviewer", string? ShadowReason = null)
{
    public static InterviewerResponse From(InterviewAssignment a) => new(a.InterviewerId, a.Interviewer?.DisplayName ?? "", PanelRoles.Name(a.Role), a.ShadowReason);
}

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

/// <summary>The staff view of an interview. Never sent to a candidate. <c>CandidateName</c> is the name the candidate is addressed by (their preferred name when they gave one).</summary>
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
    public Guid CandidateId { get; init; }

    public Guid LoopId { get; init; }

    public string? Pronouns { get; init; }

    /// <summary>planned, in-progress, ended or cancelled.</summary>
    public string Status { get; init; } = "planned";

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The interview, with its loop, candidate, panel and links loaded (<see cref="InterviewQueries.WithPanelAndLinks"/>).</summary>
    public static InterviewResponse From(Interview interview, DateTimeOffset now) => new(
        interview.Id,
        interview.Loop!.Candidate!.AddressedAs,
        interview.Loop.Candidate.Email,
        interview.Loop.Role,
        interview.ScheduledAt,
        interview.DurationMinutes,
        [.. interview.Interviewers.Select(InterviewerResponse.From)],
        CandidateLinkStatusResponse.From(interview, now),
        interview.KitId,
        interview.ExtraTimePercent)
    {
        CandidateId = interview.Loop.CandidateId,
        LoopId = interview.LoopId,
        Pronouns = interview.Loop.Candidate.Pronouns,
        Status = StatusName(interview.Status),
        StartedAt = interview.StartedAt,
        EndedAt = interview.EndedAt,
    };

    public static string StatusName(InterviewStatus status) => status switch
    {
        InterviewStatus.InProgress => "in-progress",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>A freshly issued link. The URL is shown once: only its hash is stored.</summary>
public sealed record CandidateLinkIssuedResponse(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// The planned interview, its link (shown once), and its invitations: queued in the outbox with the
/// interview and sent in the background (<c>GET /api/mail?interviewId=</c> says how that went), or,
/// with <see cref="InvitationProblem"/>, why they will not go out.
/// </summary>
public sealed record PlannedInterviewResponse(InterviewResponse Interview, CandidateLinkIssuedResponse CandidateLink, int InvitationsQueued = 0, string? InvitationProblem = null);

/// <summary>
/// A plan. With <c>LoopId</c> the interview joins that loop (the candidate fields may then be left
/// out); otherwise the candidate is found by email and their open loop for the role is used, or one is started.
/// </summary>
public sealed record CreateInterviewRequest(
    string? CandidateName,
    string? CandidateEmail,
    string? Role,
    DateTimeOffset? ScheduledAt,
    int? DurationMinutes,
    IReadOnlyList<string>? InterviewerIds,
    string? KitId = null,
    Guid? LoopId = null,
    string? PreferredName = null,
    string? Pronouns = null,
    string? DebriefLeadId = null,
    IReadOnlyList<ShadowRequest>? Shadows = null)
{
    public InterviewPlan ToPlan() => new(CandidateName, CandidateEmail, Role, ScheduledAt, DurationMinutes, InterviewerIds, KitId)
    {
        LoopId = LoopId,
        PreferredName = PreferredName,
        Pronouns = Pronouns,
        DebriefLeadId = DebriefLeadId,
        Shadows = Shadows,
    };
}

/// <summary>Moves a planned interview; the candidate and the panel get a calendar update.</summary>
public sealed record RescheduleRequest(DateTimeOffset? ScheduledAt, int? DurationMinutes = null);

/// <summary>The new panel of a planned interview, shadows included; added people are invited, removed ones told.</summary>
public sealed record PanelRequest(IReadOnlyList<string>? InterviewerIds, IReadOnlyList<ShadowRequest>? Shadows = null);

/// <summary>Cancels a planned interview; the reason stays in the audit trail, the candidate gets a kind note.</summary>
public sealed record CancelRequest(string? Reason);

/// <summary>One entry of the interview's audit trail.</summary>
public sealed record InterviewChangeResponse(DateTimeOffset At, string By, string Kind, string Detail);

/// <summary>
/// What a candidate sees of their own interview: nothing about other candidates, no staff
/// emails or ids, nothing interviewers write. <c>Shadowing</c> says who is there to learn, and why.
/// </summary>
public sealed record CandidateInterviewResponse(
    string CandidateName,
    string Role,
    DateTimeOffset ScheduledAt,
    int DurationMinutes,
    IReadOnlyList<string> InterviewerNames,
    IReadOnlyList<Rooms.AgendaSection> Agenda,
    IReadOnlyList<string> Languages,
    string Status,
    IReadOnlyList<string> Shadowing)
{
    /// <param name="interview">The interview, with its loop, candidate and panel loaded.</param>
    /// <param name="kit">The kit version it pinned, if any: the agenda and languages come from it.</param>
    public static CandidateInterviewResponse From(Interview interview, Kits.Format.KitDocument? kit) => new(
        interview.Loop!.Candidate!.AddressedAs,
        interview.Loop.Role,
        interview.ScheduledAt,
        interview.Stretched(interview.DurationMinutes),
        [.. interview.Interviewers.Select(a => a.Interviewer?.DisplayName ?? "").Order(StringComparer.Ordinal)],
        [.. interview.StretchedAgenda(kit).Select(a => new Rooms.AgendaSection(a.Section.Title, a.Section.Kind, a.Minutes))],
        kit?.Languages ?? [],
        InterviewResponse.StatusName(interview.Status),
        PanelRoles.Shadowing(interview.Interviewers));
}

public sealed record AccommodationRequest(int? ExtraTimePercent);
