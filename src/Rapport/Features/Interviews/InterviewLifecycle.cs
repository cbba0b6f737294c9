using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Interviews;

/// <summary>A change that was refused: the HTTP status, the field at fault and why, in words a coordinator can act on.</summary>
public sealed record LifecycleProblem(int Status, string Field, string Message);

/// <summary>
/// Moves an interview through planned → in progress → ended, or to cancelled, and changes a
/// planned one's time or panel. Each change is checked against the state the database holds
/// (a conditional update, so two people acting at once cannot both win), written with its audit
/// entry and the messages it owes people in one transaction, and only then acted on (the room
/// closing for the candidate).
/// </summary>
public sealed class InterviewLifecycle(AppDbContext db, Audit.AuditTrail audit, CandidateLinks links, Invitations invitations, Mail.MailOutbox outbox, Infrastructure.PublicUrls urls, TimeProvider time)
{
    public const int MaxReasonLength = 1000;

    /// <summary>The panel opened the room: a planned interview is now in progress. Anything else stays as it is.</summary>
    public async Task StartAsync(Guid interviewId, string byId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var started = await db.Interviews.Where(i => i.Id == interviewId && i.Status == InterviewStatus.Planned)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, InterviewStatus.InProgress).SetProperty(i => i.StartedAt, now), ct);
        if (started == 0)
        {
            return;
        }

        Change(interviewId, byId, Audit.AuditKinds.Started, "The panel opened the room; the interview is in progress.");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The panel ends the interview: the room closes for the candidate, with a kind word on what happens next.</summary>
    public async Task<LifecycleProblem?> EndAsync(Guid interviewId, string byId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var interview = await db.Interviews.Include(i => i.CandidateLinks).SingleOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is null)
        {
            return new(StatusCodes.Status404NotFound, "id", "This interview no longer exists.");
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var ended = await db.Interviews.Where(i => i.Id == interviewId && (i.Status == InterviewStatus.Planned || i.Status == InterviewStatus.InProgress))
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, InterviewStatus.Ended).SetProperty(i => i.EndedAt, now), ct);
            if (ended == 0)
            {
                // Two of the panel pressing End together both get what they asked for.
                return interview.Status == InterviewStatus.Cancelled ? Conflict("This interview was cancelled; there is nothing to end.") : null;
            }

            Change(interviewId, byId, Audit.AuditKinds.Ended, "Ended from the room; the room closed for the candidate.");
            links.CloseRoom(interview, CandidateLinkEnd.InterviewEnded);
            await links.SaveAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return null;
    }

    public async Task<LifecycleProblem?> CancelAsync(Guid interviewId, string? reason, string byId, CancellationToken ct)
    {
        var why = reason?.Trim() ?? "";
        if (why.Length > MaxReasonLength)
        {
            return new(StatusCodes.Status400BadRequest, "reason", $"The reason is {why.Length} characters long; the limit is {MaxReasonLength}.");
        }

        var now = time.GetUtcNow();
        var interview = await LoadAsync(interviewId, ct);
        if (interview is null)
        {
            return new(StatusCodes.Status404NotFound, "id", "This interview no longer exists.");
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var cancelled = await db.Interviews.Where(i => i.Id == interviewId && i.Status == InterviewStatus.Planned)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, InterviewStatus.Cancelled).SetProperty(i => i.EndedAt, now).SetProperty(i => i.CalendarSequence, i => i.CalendarSequence + 1), ct);
            if (cancelled == 0)
            {
                // A retried cancel (say, after a dropped connection) is not an error, and sends nothing twice.
                return interview.Status == InterviewStatus.Cancelled ? null : Conflict(NotPlanned(interview.Status, "cancelled"));
            }

            interview.CalendarSequence++;
            Change(interviewId, byId, Audit.AuditKinds.Cancelled, why.Length > 0 ? $"Cancelled: {why}" : "Cancelled (no reason given).");
            invitations.QueueCancellation(interview, interview.Interviewers.Select(a => a.Interviewer!).ToList(), toCandidate: true);
            links.CloseRoom(interview, CandidateLinkEnd.InterviewCancelled);
            await links.SaveAsync(ct);
            await transaction.CommitAsync(ct);
        }

        outbox.Posted();
        return null;
    }

    public async Task<LifecycleProblem?> RescheduleAsync(Guid interviewId, DateTimeOffset? start, int? durationMinutes, string byId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (InterviewPlanner.CheckStart(start, now) is { } startProblem)
        {
            return new(StatusCodes.Status400BadRequest, "scheduledAt", startProblem);
        }

        if (durationMinutes is not null and not (>= InterviewPlanner.MinDurationMinutes and <= InterviewPlanner.MaxDurationMinutes))
        {
            return new(StatusCodes.Status400BadRequest, "durationMinutes", $"Duration must be between {InterviewPlanner.MinDurationMinutes} and {InterviewPlanner.MaxDurationMinutes} minutes.");
        }

        var interview = await LoadAsync(interviewId, ct);
        if (interview is null)
        {
            return new(StatusCodes.Status404NotFound, "id", "This interview no longer exists.");
        }

        if (interview.Status != InterviewStatus.Planned)
        {
            return Conflict(NotPlanned(interview.Status, "moved"));
        }

        var before = Describe(interview.ScheduledAt, interview.DurationMinutes);
        interview.ScheduledAt = InterviewPlanner.WholeMinute(start!.Value.ToUniversalTime());
        interview.DurationMinutes = durationMinutes ?? interview.DurationMinutes;
        var after = Describe(interview.ScheduledAt, interview.DurationMinutes);
        if (before == after)
        {
            return new(StatusCodes.Status400BadRequest, "scheduledAt", $"The interview is already at {after}; choose another time.");
        }

        interview.CalendarSequence++;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await StillPlannedAsync(interviewId, ct))
            {
                return Conflict("The interview started or was cancelled a moment ago; reload it.");
            }

            Change(interviewId, byId, Audit.AuditKinds.Rescheduled, $"Moved from {before} to {after}.");
            links.ExtendTo(interview);
            // The candidate's calendar entry holds their link, and only its hash is kept: the update carries a new one.
            var token = links.Issue(interview);
            await invitations.QueueMovedAsync(interview, before, PublicLink(token), ct);
            await links.SaveAsync(ct);
            await transaction.CommitAsync(ct);
        }

        outbox.Posted();
        return null;
    }

    public async Task<LifecycleProblem?> ChangePanelAsync(Guid interviewId, IReadOnlyList<string>? interviewerIds, IReadOnlyList<ShadowRequest>? shadows, string byId, CancellationToken ct)
    {
        var (seats, field, problem) = PanelRoles.Compose(interviewerIds, shadows, InterviewPlanner.MaxInterviewers);
        if (problem is not null)
        {
            return new(StatusCodes.Status400BadRequest, field!, problem);
        }

        var wanted = seats!.Select(s => s.InterviewerId).ToList();
        var people = await db.Users.Where(u => wanted.Contains(u.Id)).ToListAsync(ct);
        var unknown = wanted.Except(people.Select(p => p.Id)).ToList();
        if (unknown.Count > 0)
        {
            var (unknownField, message) = PanelRoles.Unknown(seats!, unknown);
            return new(StatusCodes.Status400BadRequest, unknownField, message);
        }

        var interview = await LoadAsync(interviewId, ct);
        if (interview is null)
        {
            return new(StatusCodes.Status404NotFound, "id", "This interview no longer exists.");
        }

        if (interview.Status != InterviewStatus.Planned)
        {
            return Conflict(NotPlanned(interview.Status, "given a new panel"));
        }

        var removed = interview.Interviewers.Where(a => !wanted.Contains(a.InterviewerId)).ToList();
        var added = people.Where(p => interview.Interviewers.All(a => a.InterviewerId != p.Id)).ToList();
        var recast = interview.Interviewers.Select(a => (Seat: a, Wanted: seats!.FirstOrDefault(s => s.InterviewerId == a.InterviewerId)))
            .Where(x => x.Wanted is not null && (x.Wanted.Role != x.Seat.Role || x.Wanted.Reason != x.Seat.ShadowReason))
            .ToList();
        if (removed.Count == 0 && added.Count == 0 && recast.Count == 0)
        {
            return new(StatusCodes.Status400BadRequest, "interviewerIds", "That is the panel already; add or remove someone.");
        }

        var now = time.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await StillPlannedAsync(interviewId, ct))
            {
                return Conflict("The interview started or was cancelled a moment ago; reload it.");
            }

            foreach (var gone in removed)
            {
                interview.Interviewers.Remove(gone);
            }

            foreach (var (seat, to) in recast)
            {
                (seat.Role, seat.ShadowReason) = (to!.Role, to.Reason);
            }

            interview.Interviewers.AddRange(added.Select(p =>
            {
                var seat = seats!.First(s => s.InterviewerId == p.Id);
                return new InterviewAssignment { InterviewId = interview.Id, InterviewerId = p.Id, Interviewer = p, Role = seat.Role, ShadowReason = seat.Reason };
            }));
            var detail = string.Join("; ", new[]
            {
                added.Count > 0 ? $"added {string.Join(", ", added.Select(p => Described(p.DisplayName, seats!.First(s => s.InterviewerId == p.Id).Role)))}" : null,
                removed.Count > 0 ? $"removed {string.Join(", ", removed.Select(a => a.Interviewer?.DisplayName ?? a.InterviewerId))}" : null,
                recast.Count > 0 ? $"now {string.Join(", ", recast.Select(x => Described(x.Seat.Interviewer?.DisplayName ?? x.Seat.InterviewerId, x.Wanted!.Role)))}" : null,
            }.OfType<string>());
            Change(interviewId, byId, Audit.AuditKinds.PanelChanged, $"Panel changed: {detail}.");
            await invitations.QueuePanelChangeAsync(interview, added, [.. removed.Select(a => a.Interviewer!)], ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        outbox.Posted();
        return null;
    }

    private static string Described(string name, PanelRole role) => role == PanelRole.Interviewer ? name : $"{name} ({PanelRoles.Name(role)})";

    private string PublicLink(string token) => urls.CandidateLink(token);

    private Task<Interview?> LoadAsync(Guid interviewId, CancellationToken ct) =>
        db.Interviews.WithPanelAndLinks().AsSplitQuery().SingleOrDefaultAsync(i => i.Id == interviewId, ct);

    private Task<bool> StillPlannedAsync(Guid interviewId, CancellationToken ct) =>
        db.Interviews.AnyAsync(i => i.Id == interviewId && i.Status == InterviewStatus.Planned, ct);

    /// <summary>An entry of the interview's history, in the audit log, stored with the change it records.</summary>
    private void Change(Guid interviewId, string byId, string kind, string detail) =>
        audit.Record(kind, detail, interviewId: interviewId, actor: Audit.AuditTrail.Staff(byId));

    private static LifecycleProblem Conflict(string message) => new(StatusCodes.Status409Conflict, "status", message);

    private static string NotPlanned(InterviewStatus status, string verb) => status switch
    {
        InterviewStatus.InProgress => $"The interview is in progress, so it cannot be {verb}; end it from the room.",
        InterviewStatus.Ended => $"The interview has ended, so it cannot be {verb}; plan another interview in the loop instead.",
        _ => $"The interview was cancelled, so it cannot be {verb}; plan a new one.",
    };

    private static string Describe(DateTimeOffset start, int minutes) =>
        $"{start.ToUniversalTime():yyyy-MM-dd HH:mm} UTC ({minutes} minutes)";
}
