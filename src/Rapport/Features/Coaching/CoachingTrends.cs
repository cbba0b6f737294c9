using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Rapport.Data;
using Rapport.Features.Interviews;
using Rapport.Features.Scorecards;

namespace Rapport.Features.Coaching;

/// <summary>One of the interviewer's recent interviews, with its report card.</summary>
public sealed record CoachedInterview(Guid InterviewId, DateTimeOffset EndedAt, ReportCard Card);

/// <summary>
/// One measure over the interviewer's recent interviews: how often it was met of the times it
/// could be judged, beside the team's median share (null when the team is too small to have one,
/// or for the measures read from scorecards, which stay each person's own).
/// </summary>
public sealed record MeasureTrend(string Key, string Name, int Met, int Judged, double? TeamMedian)
{
    public double? Share => Judged == 0 ? null : (double)Met / Judged;
}

/// <summary>A moment of one interview's replay.</summary>
public sealed record CoachingMoment(Guid InterviewId, long Moment);

/// <summary>Something concrete to practise, from a measure that was missed, with the replay moments it comes from.</summary>
public sealed record Suggestion(string MeasureKey, string Says, IReadOnlyList<CoachingMoment> Moments);

/// <summary>A practice scorecard (written as a shadow or reverse shadow) beside the panel's, on one interview.</summary>
public sealed record PracticeRecord(Guid InterviewId, DateTimeOffset EndedAt, string Part, PracticeAgreement Agreement);

public sealed record CoachingView(string InterviewerId, string InterviewerName, IReadOnlyList<CoachedInterview> Recent, IReadOnlyList<MeasureTrend> Trends, IReadOnlyList<Suggestion> Suggestions, int TeamInterviewers)
{
    /// <summary>Their practice scorecards among the recent ones, each compared with the panel's where the viewer may see the panel's.</summary>
    public IReadOnlyList<PracticeRecord> Practice { get; init; } = [];
}

/// <summary>
/// An interviewer's coaching page: their report cards over their last interviews, each measure's
/// trend beside the team's median (never a ranking of people), and one or two suggestions with
/// the moments they come from. The team's medians use only the measures read from the room,
/// never anything of another person's scorecard.
/// </summary>
public sealed class CoachingTrends(AppDbContext db, ReportCardDesk cards, ScorecardAccess access, IMemoryCache cache, TimeProvider time)
{
    /// <summary>How many of the interviewer's interviews the page reads.</summary>
    public const int RecentInterviews = 10;

    /// <summary>How many of the team's most recent ended interviews the medians read.</summary>
    public const int TeamInterviews = 40;

    /// <summary>The team's medians are shown once at least this many interviewers have this many interviews each in them.</summary>
    public const int TeamAtLeast = 3;

    public const int CardsPerInterviewerAtLeast = 2;

    /// <summary>A measure met less often than this is a suggestion.</summary>
    public const double SuggestBelow = 0.8;

    private static readonly HashSet<string> RoomMeasures = [ReportCard.Keys.StartedOnTime, ReportCard.Keys.Introductions, ReportCard.Keys.CandidateQuestions, ReportCard.Keys.HintTiming, ReportCard.Keys.Overrun];

    /// <summary>
    /// <paramref name="interviewerId"/>'s page as <paramref name="viewer"/> may see it: an admin
    /// reading someone else's sees the lines drawn from a scorecard only where the independence
    /// rule lets them see that scorecard (<see cref="ScorecardAccess"/>).
    /// </summary>
    public async Task<CoachingView?> ForAsync(string interviewerId, System.Security.Claims.ClaimsPrincipal viewer, CancellationToken ct)
    {
        var name = await db.Users.Where(u => u.Id == interviewerId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        if (name is null)
        {
            return null;
        }

        // Their own interviews that ended and that they scored: the card follows the judgement, as on each interview.
        var submitted = await db.Scorecards.AsNoTracking().Include(s => s.Revisions)
            .Where(s => s.InterviewerId == interviewerId && s.State == ScorecardState.Submitted && s.Interview!.EndedAt != null)
            .OrderByDescending(s => s.Interview!.EndedAt)
            .Take(RecentInterviews)
            .ToListAsync(ct);
        var ids = submitted.Select(s => s.InterviewId).ToList();
        var interviews = await db.Interviews.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var parts = await db.InterviewAssignments.AsNoTracking().Where(a => a.InterviewerId == interviewerId && ids.Contains(a.InterviewId))
            .ToDictionaryAsync(a => a.InterviewId, a => a.Role, ct);
        var recent = new List<CoachedInterview>();
        var practice = new List<PracticeRecord>();
        foreach (var scorecard in submitted)
        {
            var interview = interviews[scorecard.InterviewId];
            var own = Accounts.StaffPrincipal.UserId(viewer) == interviewerId;
            var seesOthers = await access.MaySeeOthersAsync(viewer, interview.LoopId, ct);
            var part = parts.GetValueOrDefault(interview.Id);
            if (scorecard.Practice && seesOthers)
            {
                practice.Add(new PracticeRecord(interview.Id, interview.EndedAt!.Value, PanelRoles.Name(part), PracticeAgreement.Compute(scorecard.Latest(), await db.Scorecards.AsNoTracking().Where(s => s.InterviewId == interview.Id).Counting().LatestContentsAsync(ct))));
            }

            // A shadow watched: the room's conduct was the panel's, not theirs, so it is not in their trends.
            if (part != PanelRole.Shadow)
            {
                recent.Add(new CoachedInterview(interview.Id, interview.EndedAt!.Value, (await cards.CalculatorAsync(interview, ct))(own || seesOthers ? scorecard : null)));
            }
        }

        var team = await TeamMediansAsync(ct);
        var trends = Trends(recent, team.Medians);
        return new CoachingView(interviewerId, name, recent, trends, Suggest(recent, trends), team.Interviewers) { Practice = practice };
    }

    private static List<MeasureTrend> Trends(List<CoachedInterview> recent, IReadOnlyDictionary<string, double> medians)
    {
        var keys = recent.FirstOrDefault()?.Card.Measures ?? [];
        return [.. keys.Select(m =>
        {
            var judged = recent.Select(r => r.Card[m.Key]).Where(x => x.Mark != ConductMark.NotApplicable).ToList();
            return new MeasureTrend(m.Key, m.Name, judged.Count(x => x.Mark == ConductMark.Met), judged.Count, medians.TryGetValue(m.Key, out var median) ? median : null);
        })];
    }

    /// <summary>The one or two measures missed most often (below four fifths), each with up to three moments from the interviews it was missed in.</summary>
    private static List<Suggestion> Suggest(List<CoachedInterview> recent, List<MeasureTrend> trends) =>
        [.. trends.Where(t => t.Judged >= 2 && t.Share < SuggestBelow)
            .OrderBy(t => t.Share)
            .Take(2)
            .Select(t =>
            {
                var missed = recent.Where(r => r.Card[t.Key].Mark == ConductMark.Missed).ToList();
                var moments = missed.SelectMany(r => r.Card[t.Key].Moments.Select(m => new CoachingMoment(r.InterviewId, m))).Take(3).ToList();
                return new Suggestion(t.Key, Practice(t, missed.Count), moments);
            })];

    private static string Practice(MeasureTrend trend, int missed)
    {
        var often = $"in {missed} of your last {trend.Judged} interviews";
        return trend.Key switch
        {
            ReportCard.Keys.StartedOnTime => $"Be in the room before the planned time: the first section began late {often}. Waiting is the first thing a candidate remembers.",
            ReportCard.Keys.Introductions => $"Open with the introductions and how the session works: they were skipped or rushed {often}. A candidate who knows the format can show what they know.",
            ReportCard.Keys.CandidateQuestions => $"Guard the candidate's own questions: they had less than four fifths of their time {often}. Move on when the clock's nudge says so.",
            ReportCard.Keys.HintTiming => $"Give hints when the ladder says: a hint came too early or too late, or a candidate stayed stuck without one, {often}. Watch the moments below and where you would have stepped in.",
            ReportCard.Keys.Overrun => $"End on time: the interview ran over {often}. Keep an eye on the section clock and the nudge five minutes before the end.",
            ReportCard.Keys.Evidence => $"Write what the candidate did or said for every level: some levels had no evidence of their own {often}.",
            ReportCard.Keys.Language => $"Describe behaviour, not the person: the language check flagged phrases {often} (docs/language-check.md says why).",
            ReportCard.Keys.ScorecardOnTime => $"Submit the scorecard while the interview is fresh: it came late {often}.",
            _ => $"{trend.Name}: missed {often}.",
        };
    }

    /// <summary>
    /// The median, over the interviewers of the team's last ended interviews who have enough of them,
    /// of each one's share met of the measures read from the room. Kept ten minutes: a page view
    /// must not read forty room logs.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, double> Medians, int Interviewers)> TeamMediansAsync(CancellationToken ct) =>
        (await cache.GetOrCreateAsync("coaching:team-medians", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            var ended = await db.Interviews.AsNoTracking().Include(i => i.Interviewers)
                .Where(i => i.EndedAt != null && i.EndedAt <= time.GetUtcNow())
                .OrderByDescending(i => i.EndedAt)
                .Take(TeamInterviews)
                .ToListAsync(ct);
            var shares = new Dictionary<string, Dictionary<string, (int Met, int Judged)>>(StringComparer.Ordinal);
            foreach (var interview in ended)
            {
                var card = (await cards.CalculatorAsync(interview, ct))(null);
                foreach (var member in interview.Interviewers)
                {
                    var mine = shares.TryGetValue(member.InterviewerId, out var found) ? found : shares[member.InterviewerId] = [];
                    foreach (var measure in card.Measures.Where(m => RoomMeasures.Contains(m.Key) && m.Mark != ConductMark.NotApplicable))
                    {
                        var (met, judged) = mine.GetValueOrDefault(measure.Key);
                        mine[measure.Key] = (met + (measure.Mark == ConductMark.Met ? 1 : 0), judged + 1);
                    }
                }
            }

            var enough = shares.Values.Where(s => s.Values.Any(v => v.Judged >= CardsPerInterviewerAtLeast)).ToList();
            if (enough.Count < TeamAtLeast)
            {
                return ((IReadOnlyDictionary<string, double>)new Dictionary<string, double>(), enough.Count);
            }

            var medians = RoomMeasures.ToDictionary(key => key, key => Median([.. enough
                .Where(s => s.TryGetValue(key, out var v) && v.Judged >= CardsPerInterviewerAtLeast)
                .Select(s => (double)s[key].Met / s[key].Judged)]));
            return ((IReadOnlyDictionary<string, double>)medians.Where(m => !double.IsNaN(m.Value)).ToDictionary(), enough.Count);
        }))!;

    private static double Median(List<double> values)
    {
        if (values.Count < TeamAtLeast)
        {
            return double.NaN;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
