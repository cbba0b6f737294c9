using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Scorecards;

/// <summary>
/// The submitted scorecards of a loop as the debrief reads them (interview by interview, then by
/// interviewer), each with its sheet, the hints shown and every revision, newest first. Callers
/// ask <see cref="ScorecardAccess.VisibilityAsync"/> before loading.
/// </summary>
public static class LoopScorecards
{
    public static async Task<List<LoopScorecardResponse>> LoadAsync(AppDbContext db, Guid loopId, CancellationToken ct)
    {
        var scorecards = await db.Scorecards.AsNoTracking().Include(s => s.Revisions).Include(s => s.Interviewer).Include(s => s.Interview)
            // Practice scorecards (a shadow's) are never part of the debrief, so they cannot sway the decision.
            .Where(s => s.LoopId == loopId).Counting()
            .AsSplitQuery()
            .ToListAsync(ct);
        var list = new List<LoopScorecardResponse>();
        foreach (var scorecard in scorecards.OrderBy(s => s.Interview!.ScheduledAt).ThenBy(s => s.Interviewer!.DisplayName, StringComparer.Ordinal))
        {
            var sheet = await ScorecardSheet.BuildAsync(db, scorecard.InterviewId, scorecard.InterviewerId, ct);
            list.Add(new LoopScorecardResponse(
                scorecard.InterviewId,
                scorecard.Interview!.ScheduledAt,
                scorecard.InterviewerId,
                scorecard.Interviewer!.DisplayName,
                scorecard.SubmittedAt!.Value,
                sheet.Rows,
                sheet.Hints,
                [.. scorecard.Revisions.OrderByDescending(r => r.Number).Select(ScorecardResponse.RevisionOf)]));
        }

        return list;
    }
}
