using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;

namespace Rapport.Features.Scorecards;

/// <summary>
/// The independence rule, in one place (docs/adr/0011-scorecard-independence.md): an interviewer
/// sees nothing of the other scorecards of a loop (not a level, not a count, not whether anyone
/// has submitted) until they have submitted every scorecard of theirs in it. Staff who did not sit
/// on the loop (the debrief lead, coordinators, admins) see them once the debrief opens, so
/// nobody can pass them to a panel member who has not finished. Every page, endpoint and hub
/// method that serves anything of another person's scorecard asks here first.
/// </summary>
public sealed class ScorecardAccess(AppDbContext db, TimeProvider time)
{
    /// <summary>
    /// What <paramref name="user"/> may learn of the loop's scorecards: nothing at all (a stranger,
    /// or no such loop: not found), that they are hidden (and why), or everything submitted. Every
    /// page and endpoint that shows the loop's scorecards (the list, the debrief, the packet) asks here.
    /// </summary>
    public async Task<LoopVisibility> VisibilityAsync(ClaimsPrincipal user, Guid loopId, CancellationToken ct)
    {
        var userId = user.UserId();
        var loop = await db.Loops.AsNoTracking().SingleOrDefaultAsync(l => l.Id == loopId, ct);
        var onPanel = loop is not null && await db.Interviews.AnyAsync(i => i.LoopId == loopId && i.Interviewers.Any(a => a.InterviewerId == userId), ct);
        if (loop is null || user.InterviewId() is not null
            || !(onPanel || loop.DebriefLeadId == userId || user.IsInRole(StaffRoles.Coordinator) || user.IsInRole(StaffRoles.Admin)))
        {
            return LoopVisibility.NotFound;
        }

        return await MaySeeOthersAsync(user, loopId, ct) ? LoopVisibility.Visible
            : onPanel ? LoopVisibility.HiddenUntilYouSubmit
            : LoopVisibility.HiddenUntilDebrief;
    }

    /// <summary>Whether <paramref name="user"/> may see the scorecards of others in the loop.</summary>
    public async Task<bool> MaySeeOthersAsync(ClaimsPrincipal user, Guid loopId, CancellationToken ct)
    {
        if (user.InterviewId() is not null || !StaffRoles.All.Any(user.IsInRole))
        {
            return false;
        }

        var userId = user.UserId();
        var sat = await db.Interviews
            .Where(i => i.LoopId == loopId && i.Status != InterviewStatus.Cancelled && i.Interviewers.Any(a => a.InterviewerId == userId))
            .Select(i => i.Id)
            .ToListAsync(ct);
        if (sat.Count > 0)
        {
            return await HasSubmittedAllAsync(userId, loopId, sat, ct);
        }

        var loop = await db.Loops.AsNoTracking().SingleOrDefaultAsync(l => l.Id == loopId, ct);
        return loop is not null
            && (loop.DebriefLeadId == userId || user.IsInRole(StaffRoles.Coordinator) || user.IsInRole(StaffRoles.Admin))
            && DebriefIsOpen(loop, time.GetUtcNow());
    }

    /// <summary>The debrief opens when every scorecard is in (the loop moved on), or at the deadline a coordinator set.</summary>
    public static bool DebriefIsOpen(Loop loop, DateTimeOffset now) =>
        loop.State != LoopState.Interviewing || (loop.DebriefDeadline is { } deadline && now >= deadline);

    /// <summary>
    /// Every interview of the loop is over (ended or cancelled), and every interviewer on the panel of
    /// each ended one has submitted (shadows' practice scorecards are not waited for): the loop moves to its debrief. Called after each submission, in its transaction.
    /// </summary>
    public async Task OpenDebriefIfCompleteAsync(Guid loopId, CancellationToken ct)
    {
        var interviews = await db.Interviews.Where(i => i.LoopId == loopId)
            // A shadow's practice scorecard never holds the debrief back.
            .Select(i => new { i.Id, i.Status, Panel = i.Interviewers.Where(a => a.Role == PanelRole.Interviewer).Select(a => a.InterviewerId).ToList() })
            .ToListAsync(ct);
        if (interviews.Count == 0 || interviews.Any(i => i.Status is InterviewStatus.Planned or InterviewStatus.InProgress))
        {
            return;
        }

        var submitted = await db.Scorecards.Where(s => s.LoopId == loopId && s.State == ScorecardState.Submitted)
            .Select(s => new { s.InterviewId, s.InterviewerId })
            .ToListAsync(ct);
        var complete = interviews.Where(i => i.Status == InterviewStatus.Ended)
            .All(i => i.Panel.All(p => submitted.Any(s => s.InterviewId == i.Id && s.InterviewerId == p)));
        if (complete)
        {
            await db.Loops.Where(l => l.Id == loopId && l.State == LoopState.Interviewing)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.State, LoopState.Debrief), ct);
        }
    }

    private async Task<bool> HasSubmittedAllAsync(string userId, Guid loopId, List<Guid> sat, CancellationToken ct)
    {
        // Every interview of theirs that has ended needs its submitted scorecard; one still to come
        // does not hold them back, but at least one must be in.
        var ended = await db.Interviews.Where(i => sat.Contains(i.Id) && i.Status == InterviewStatus.Ended).Select(i => i.Id).ToListAsync(ct);
        var submitted = await db.Scorecards
            .Where(s => s.LoopId == loopId && s.InterviewerId == userId && s.State == ScorecardState.Submitted)
            .Select(s => s.InterviewId)
            .ToListAsync(ct);
        return submitted.Count > 0 && ended.All(submitted.Contains);
    }
}

/// <summary>What a caller may learn of a loop's scorecards (<see cref="ScorecardAccess.VisibilityAsync"/>).</summary>
public enum LoopVisibility
{
    /// <summary>No such loop, or nothing to do with the caller: told it does not exist.</summary>
    NotFound,

    /// <summary>On the panel with a scorecard still to submit: told only that.</summary>
    HiddenUntilYouSubmit,

    /// <summary>The debrief lead, a coordinator or an admin before the debrief opens.</summary>
    HiddenUntilDebrief,

    Visible,
}
