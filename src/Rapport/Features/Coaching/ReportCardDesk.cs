using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Features.Scorecards;

namespace Rapport.Features.Coaching;

/// <summary>
/// One panel member's report card for one interview. <c>Part</c> is interviewer, shadow or
/// reverse-shadow; for a shadow's or reverse shadow's practice scorecard, <c>Practice</c> compares it
/// with the panel's, when the reader may see the panel's scorecards.
/// </summary>
public sealed record InterviewerReportCard(string InterviewerId, string InterviewerName, bool ScorecardSubmitted, ReportCard Card)
{
    public string Part { get; init; } = "interviewer";

    public PracticeAgreement? Practice { get; init; }
}

/// <summary>The report cards a caller may read for one interview, and why there are none when there are none.</summary>
public sealed record ReportCardView(Guid InterviewId, string Candidate, IReadOnlyList<InterviewerReportCard> Cards, string? Waiting);

/// <summary>
/// Who reads which report card. An interviewer reads their own once they have submitted their
/// scorecard (so the card never nudges the judgement it follows); an admin reads every panel
/// member's, but the parts drawn from another person's scorecard only when the independence
/// rule lets them see that scorecard (<see cref="ScorecardAccess"/>). Anyone else, and every
/// candidate, finds nothing.
/// </summary>
public sealed class ReportCardDesk(AppDbContext db, RoomLog log, ScorecardAccess access, IOptions<CoachingOptions> options)
{
    public const string SubmitFirst = "Your report card for this interview opens once you have submitted your scorecard: judge the candidate first, then look at how the interview went.";

    /// <summary>Null when there is nothing here for <paramref name="user"/>: a stranger to the interview, a candidate, or no such interview.</summary>
    public async Task<ReportCardView?> ForAsync(Guid interviewId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.InterviewId() is not null || !StaffRoles.All.Any(user.IsInRole))
        {
            return null;
        }

        var interview = await db.Interviews.AsNoTracking().Include(i => i.Interviewers).ThenInclude(a => a.Interviewer)
            .SingleOrDefaultAsync(i => i.Id == interviewId, ct);
        var userId = user.UserId();
        var admin = user.IsInRole(StaffRoles.Admin);
        if (interview is null || !(admin || interview.Interviewers.Any(a => a.InterviewerId == userId)))
        {
            return null;
        }

        var names = await db.Loops.AsNoTracking().Where(l => l.Id == interview.LoopId).Select(l => new { l.Candidate!.Name, l.Candidate.PreferredName }).SingleAsync(ct);
        var candidate = names.PreferredName ?? names.Name;
        var scorecards = await db.Scorecards.AsNoTracking().Include(s => s.Revisions)
            .Where(s => s.InterviewId == interviewId && s.State == ScorecardState.Submitted)
            .ToListAsync(ct);
        var mine = scorecards.FirstOrDefault(s => s.InterviewerId == userId);
        var panel = interview.Interviewers.Where(a => admin || a.InterviewerId == userId).ToList();
        if (interview.Interviewers.Any(a => a.InterviewerId == userId) && mine is null)
        {
            return new ReportCardView(interviewId, candidate, [], SubmitFirst);
        }

        // Whether the caller may see the scorecards of others: an admin's cards lean on it, and so does a shadow's comparison with the panel.
        var seesOthers = await access.MaySeeOthersAsync(user, interview.LoopId, ct);
        var panelContents = scorecards.Where(s => !s.Practice).Select(s => s.Latest()).ToList();
        var compute = await CalculatorAsync(interview, ct);
        var cards = new List<InterviewerReportCard>();
        foreach (var member in panel.OrderBy(a => a.InterviewerId == userId ? 0 : 1).ThenBy(a => a.Interviewer?.DisplayName, StringComparer.Ordinal))
        {
            var scorecard = scorecards.FirstOrDefault(s => s.InterviewerId == member.InterviewerId);
            var readable = scorecard is not null && (member.InterviewerId == userId || (admin && seesOthers));
            cards.Add(new InterviewerReportCard(member.InterviewerId, member.Interviewer?.DisplayName ?? "An interviewer", scorecard is not null, compute(readable ? scorecard : null))
            {
                Part = PanelRoles.Name(member.Role),
                Practice = readable && scorecard!.Practice && seesOthers ? PracticeAgreement.Compute(scorecard.Latest(), panelContents) : null,
            });
        }

        return new ReportCardView(interviewId, candidate, cards, null);
    }

    /// <summary>
    /// Reads an interview's plan and room log once, and returns what computes a report card from
    /// them for a scorecard (or none): one read of the log for every panel member's card. The
    /// caller decides whose scorecard may be passed.
    /// </summary>
    public async Task<Func<Scorecard?, ReportCard>> CalculatorAsync(Interview interview, CancellationToken ct)
    {
        var material = await InterviewMaterial.LoadAsync(db, interview.Id, ct);
        var questions = material.Questions.ToDictionary(q => q.Key, q => q.Value.Question);
        var events = await log.ReadAsync(interview.Id, RoomAudience.Interviewers, ct);
        return scorecard => ReportCards.Compute(interview, material.Kit, questions, events, scorecard is null ? null : Facts(scorecard), options.Value.ScorecardDue);
    }

    private static ScorecardFacts Facts(Scorecard scorecard)
    {
        var revisions = scorecard.Revisions.OrderBy(r => r.Number).ToList();
        var (first, latest) = (revisions[0], revisions[^1]);
        return new ScorecardFacts(
            first.SubmittedAt,
            ScorecardContent.FromJson(first.ContentJson),
            Findings(first.FindingsJson),
            Findings(latest.FindingsJson));
    }

    private static List<EvidenceFindings> Findings(string json) =>
        JsonSerializer.Deserialize<List<EvidenceFindings>>(json, JsonSerializerOptions.Web) ?? [];
}
