using Rapport.Features.Interviews;

namespace Rapport.Features.Candidates;

/// <summary>One of a candidate's loops, in a list: its role, where it stands, how many interviews it holds.</summary>
public sealed record LoopSummaryResponse(Guid Id, string Role, string State, int InterviewCount);

/// <summary>
/// A candidate in the coordinators' list. <c>AddressedAs</c> is the name to use (their preferred
/// name when they gave one); <c>NextInterviewAt</c> is the earliest planned interview, if any.
/// </summary>
public sealed record CandidateSummaryResponse(
    Guid Id,
    string AddressedAs,
    string Name,
    string? Pronouns,
    string Email,
    IReadOnlyList<LoopSummaryResponse> Loops,
    int InterviewCount,
    DateTimeOffset? NextInterviewAt,
    DateTimeOffset LastActivityAt);

/// <summary>A page of the list, newest activity first; <c>HasMore</c> says whether page + 1 has anyone.</summary>
public sealed record CandidateListResponse(IReadOnlyList<CandidateSummaryResponse> Candidates, int Page, bool HasMore);

/// <summary>One interview of a loop: its status, when, and who is on the panel.</summary>
public sealed record LoopInterviewResponse(
    Guid Id,
    string Status,
    DateTimeOffset ScheduledAt,
    int DurationMinutes,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<InterviewerResponse> Interviewers)
{
    public static LoopInterviewResponse From(Interview interview) => new(
        interview.Id,
        InterviewResponse.StatusName(interview.Status),
        interview.ScheduledAt,
        interview.Stretched(interview.DurationMinutes),
        interview.StartedAt,
        interview.EndedAt,
        [.. interview.Interviewers.Select(a => new InterviewerResponse(a.InterviewerId, a.Interviewer?.DisplayName ?? "")).OrderBy(p => p.DisplayName, StringComparer.Ordinal)]);
}

/// <summary>A loop: whose, for which role, who leads its debrief, where it stands, and its interviews in time order.</summary>
public sealed record LoopResponse(
    Guid Id,
    Guid CandidateId,
    string CandidateName,
    string? Pronouns,
    string Role,
    string State,
    InterviewerResponse DebriefLead,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LoopInterviewResponse> Interviews)
{
    /// <param name="loop">The loop with its candidate, debrief lead and interviews (with their panels) loaded (<see cref="CandidateQueries.WithInterviews"/>).</param>
    public static LoopResponse From(Loop loop) => new(
        loop.Id,
        loop.CandidateId,
        loop.Candidate!.AddressedAs,
        loop.Candidate.Pronouns,
        loop.Role,
        StateName(loop.State),
        new InterviewerResponse(loop.DebriefLeadId, loop.DebriefLead?.DisplayName ?? ""),
        loop.CreatedAt,
        [.. loop.Interviews.OrderBy(i => i.ScheduledAt).ThenBy(i => i.Id).Select(LoopInterviewResponse.From)]);

    /// <summary>interviewing, debrief, decided or feedback-sent.</summary>
    public static string StateName(LoopState state) => state switch
    {
        LoopState.FeedbackSent => "feedback-sent",
        _ => state.ToString().ToLowerInvariant(),
    };
}

/// <summary>A candidate with every loop of theirs. <c>Name</c> is as they applied; address them as <c>AddressedAs</c>.</summary>
public sealed record CandidateResponse(
    Guid Id,
    string AddressedAs,
    string Name,
    string? PreferredName,
    string? Pronouns,
    string Email,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LoopResponse> Loops)
{
    /// <param name="candidate">The candidate with their loops loaded as <see cref="LoopResponse.From"/> needs them.</param>
    public static CandidateResponse From(Candidate candidate) => new(
        candidate.Id,
        candidate.AddressedAs,
        candidate.Name,
        candidate.PreferredName,
        candidate.Pronouns,
        candidate.Email,
        candidate.CreatedAt,
        [.. candidate.Loops.OrderByDescending(l => l.CreatedAt).Select(LoopResponse.From)]);
}

/// <summary>
/// How the candidate wants to be addressed. Both fields are set as sent: an empty or missing one
/// clears it (unlike planning, where an empty field leaves what was said before).
/// </summary>
public sealed record CandidateUpdateRequest(string? PreferredName, string? Pronouns);

/// <summary>The staff member who leads the loop's debrief and records its decision.</summary>
public sealed record DebriefLeadRequest(string? DebriefLeadId);
