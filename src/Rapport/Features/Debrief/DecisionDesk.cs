using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;
using Rapport.Features.Scorecards;

namespace Rapport.Features.Debrief;

/// <summary>A refusal: the HTTP status and, per field, what to fix.</summary>
public sealed record DebriefProblem(int Status, Dictionary<string, string[]> Errors)
{
    public static DebriefProblem Field(int status, string field, string message) => new(status, new() { [field] = [message] });
}

/// <summary>
/// Where the debrief's decision is recorded (by the debrief lead, a coordinator or an admin, once
/// the debrief is open, with a written rationale) and where a coordinator sets the deadline at
/// which the debrief opens with the scorecards that are in. Every decision is kept
/// (<see cref="LoopDecisionRecord"/>); the loop holds the latest. Nothing changes on a refusal.
/// </summary>
public sealed class DecisionDesk(AppDbContext db, Audit.AuditTrail audit, ScorecardAccess access, TimeProvider time)
{
    /// <summary>Who records the decision: the loop's debrief lead, and coordinators and admins, who answer for the process.</summary>
    public static bool MayDecide(ClaimsPrincipal user, Loop loop) =>
        user.InterviewId() is null
        && (loop.DebriefLeadId == user.UserId() || user.IsInRole(StaffRoles.Coordinator) || user.IsInRole(StaffRoles.Admin));

    public static DecisionResponse ResponseOf(LoopDecisionRecord record) =>
        new(record.Number, DecisionRules.Name(record.Decision), record.Rationale, record.DecidedBy?.DisplayName ?? record.DecidedById, record.DecidedAt);

    public async Task<(LoopStandingResponse? Standing, DebriefProblem? Problem)> DecideAsync(ClaimsPrincipal user, Guid loopId, DecisionRequest? request, CancellationToken ct)
    {
        var visibility = await access.VisibilityAsync(user, loopId, ct);
        if (visibility == LoopVisibility.NotFound)
        {
            return (null, NotFound());
        }

        var loop = await db.Loops.SingleAsync(l => l.Id == loopId, ct);
        if (!MayDecide(user, loop))
        {
            var lead = await db.Users.Where(u => u.Id == loop.DebriefLeadId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
            return (null, DebriefProblem.Field(StatusCodes.Status403Forbidden, "decision",
                $"Only the debrief lead ({lead}), a coordinator or an admin records this loop's decision; your scorecard is how your judgement counts."));
        }

        var errors = new Dictionary<string, string[]>();
        if (DecisionRules.CheckDecision(request?.Decision) is { } badDecision)
        {
            errors["decision"] = [badDecision];
        }

        if (DecisionRules.CheckRationale(request?.Rationale) is { } badRationale)
        {
            errors["rationale"] = [badRationale];
        }

        if (errors.Count > 0)
        {
            return (null, new(StatusCodes.Status400BadRequest, errors));
        }

        var now = time.GetUtcNow();
        if (loop.State == LoopState.FeedbackSent)
        {
            return (null, DebriefProblem.Field(StatusCodes.Status409Conflict, "decision", "The candidate has had their feedback, so this decision is final and part of the hiring record."));
        }

        if (visibility == LoopVisibility.HiddenUntilYouSubmit)
        {
            return (null, DebriefProblem.Field(StatusCodes.Status409Conflict, "decision", $"{ScorecardEndpoints.HiddenUntilYouSubmit} The decision waits for it too."));
        }

        if (!ScorecardAccess.DebriefIsOpen(loop, now))
        {
            return (null, DebriefProblem.Field(StatusCodes.Status409Conflict, "decision", NotOpenYet(loop)));
        }

        var decision = DecisionRules.Decisions[request!.Decision!];
        var number = (await db.LoopDecisionRecords.Where(r => r.LoopId == loopId).MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;
        var record = new LoopDecisionRecord
        {
            LoopId = loopId,
            Number = number,
            Decision = decision,
            Rationale = request.Rationale!.Trim(),
            DecidedById = user.UserId(),
            DecidedAt = now,
        };
        db.LoopDecisionRecords.Add(record);
        loop.Decision = decision;
        loop.DecisionRationale = record.Rationale;
        loop.DecidedAt = now;
        loop.DecidedById = record.DecidedById;
        if (decision == LoopDecision.MoreSignal)
        {
            // Another interview in the same loop: the debrief opens again when its scorecards are in
            // (or at a new deadline), so the passed deadline must not keep it open.
            loop.State = LoopState.Interviewing;
            loop.DebriefDeadline = null;
        }
        else
        {
            loop.State = LoopState.Decided;
        }

        audit.Record(Audit.AuditKinds.DecisionRecorded, $"Decision {number} for the {loop.Role} loop: {DecisionRules.Words(decision)}.", loopId: loopId, candidateId: loop.CandidateId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Nothing of this attempt may be saved later by the same request (the page shows the debrief again).
            db.ChangeTracker.Clear();
            return (null, DebriefProblem.Field(StatusCodes.Status409Conflict, "decision", "Someone recorded a decision for this loop a moment ago; reload the debrief to see it, then revise it if you still need to."));
        }

        return (Standing(loop, ResponseOf(record)), null);
    }

    /// <summary>A coordinator's deadline: once it passes, the debrief opens with the scorecards that are in.</summary>
    public async Task<(LoopStandingResponse? Standing, DebriefProblem? Problem)> SetDeadlineAsync(Guid loopId, DeadlineRequest? request, CancellationToken ct)
    {
        var loop = await db.Loops.SingleOrDefaultAsync(l => l.Id == loopId, ct);
        if (loop is null)
        {
            return (null, NotFound());
        }

        var now = time.GetUtcNow();
        if (request?.Deadline is not { } deadline)
        {
            return (null, DebriefProblem.Field(StatusCodes.Status400BadRequest, "deadline", "Send the deadline as a date and time with its offset, for example 2026-12-10T17:00:00Z."));
        }

        if (deadline <= now)
        {
            return (null, DebriefProblem.Field(StatusCodes.Status400BadRequest, "deadline",
                $"The deadline {DecisionRules.Utc(deadline)} is not in the future (it is {DecisionRules.Utc(now)} now); choose a later time."));
        }

        if (ScorecardAccess.DebriefIsOpen(loop, now))
        {
            return (null, DebriefProblem.Field(StatusCodes.Status409Conflict, "deadline", "This loop's debrief is already open; a deadline would close it again, so nothing changed."));
        }

        loop.DebriefDeadline = deadline;
        await db.SaveChangesAsync(ct);
        var latest = await db.LoopDecisionRecords.AsNoTracking().Include(r => r.DecidedBy).Where(r => r.LoopId == loopId).OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
        return (Standing(loop, latest is null || loop.Decision is null ? null : ResponseOf(latest)), null);
    }

    /// <summary>When a closed debrief opens, in words that tell nobody how many scorecards are in.</summary>
    public static string NotOpenYet(Loop loop) => loop.DebriefDeadline is { } deadline
        ? $"The debrief is not open yet, so no decision can be recorded: it opens once every panel member has submitted their scorecard, or at the deadline, {DecisionRules.Utc(deadline)}."
        : "The debrief is not open yet, so no decision can be recorded: it opens once every panel member has submitted their scorecard, or at a deadline a coordinator sets.";

    private static LoopStandingResponse Standing(Loop loop, DecisionResponse? decision) =>
        new(loop.Id, loop.State.ToString(), loop.DebriefDeadline, decision);

    private static DebriefProblem NotFound() => DebriefProblem.Field(StatusCodes.Status404NotFound, "id", "There is no such loop.");
}
