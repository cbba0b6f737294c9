using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Candidates;
using Rapport.Features.Insights;
using Rapport.Features.Interviews;
using Rapport.Features.Questions.Format;
using Rapport.Features.Rooms;
using Rapport.Features.Scorecards;
using Rapport.Infrastructure;

namespace Rapport.Features.Debrief;

/// <summary>
/// Builds a loop's debrief for a caller the independence rule lets see it (<see cref="ScorecardAccess"/>):
/// anyone else gets only the visibility, never a part of the debrief.
/// </summary>
public sealed class DebriefBoard(AppDbContext db, Audit.AuditTrail audit, ScorecardAccess access, InsightsBoard insights, TimeProvider time)
{
    public const string CalibrationExplained =
        "The fair average is the rating an average interviewer would give this candidate on an average question, from every rating Rapport holds; a severity-adjusted level is a raw level moved by how much harsher (up) or more lenient (down) than average its interviewer rates; both stand beside the raw levels and never replace them.";

    public const string NotEnoughToCalibrate = "Not enough ratings yet to calibrate";

    /// <summary>Said on the debrief when a fifth or more of the candidate's ratings (<paramref name="share"/>) came from erratic interviewers.</summary>
    public static string ErraticEvidenceNote(double share) =>
        $"Erratic evidence: {ShownNumber.Probability(share)} of this candidate's ratings came from interviewers whose ratings are erratic (they agree little with everyone else's). Those ratings count for less, and the fair average is less certain for it; consider another interview before deciding.";

    private static string ErraticRater(string name) =>
        $"{name}'s ratings are erratic (they agree little with everyone else's), so they count for less in the calibration.";

    /// <summary>Levels this far apart on one signal are a disagreement worth talking through.</summary>
    public const int DisagreementSpread = 2;

    /// <summary>
    /// The debrief, scorecards included; each time it is served to someone, the audit log says who
    /// saw the loop's scorecards, when, and <paramref name="via"/> what (the debrief page, the
    /// decision packet, the API).
    /// </summary>
    public async Task<(LoopVisibility Visibility, DebriefResponse? Debrief)> BuildAsync(ClaimsPrincipal user, Guid loopId, string via, CancellationToken ct)
    {
        var visibility = await access.VisibilityAsync(user, loopId, ct);
        if (visibility != LoopVisibility.Visible)
        {
            return (visibility, null);
        }

        await audit.RecordNowAsync(Audit.AuditKinds.ScorecardsViewed, $"Viewed the loop's scorecards {via}.", loopId, ct);

        var loop = await db.Loops.AsNoTracking().Include(l => l.Candidate)
            .Include(l => l.Interviews).ThenInclude(i => i.Interviewers).ThenInclude(a => a.Interviewer)
            .AsSplitQuery()
            .SingleAsync(l => l.Id == loopId, ct);
        var scorecards = await LoopScorecards.LoadAsync(db, loopId, ct);
        var catalog = loop.Interviews.Count == 0 ? null : (await InterviewMaterial.LoadAsync(db, loop.Interviews.OrderBy(i => i.ScheduledAt).First().Id, ct)).Signals;
        IReadOnlyList<SignalDefinition> baseline = catalog is null ? [] : [.. catalog.Signals.Where(s => s.Baseline)];
        var emails = await EmailsAsync(scorecards, ct);
        var calibration = await CalibrateAsync(loop, scorecards, emails, ct);
        var grid = Grid(scorecards, catalog, baseline, calibration.Severity);
        var disagreements = Disagreements(grid, scorecards);
        var thin = ThinEvidence(grid, disagreements);
        var history = await HistoryAsync(loopId, ct);
        return (visibility, new DebriefResponse(
            loop.Id,
            loop.Candidate!.AddressedAs,
            loop.Role,
            loop.State.ToString(),
            loop.DebriefDeadline,
            scorecards,
            Missing(loop, scorecards),
            grid,
            disagreements,
            calibration.Figures,
            thin,
            thin.Count > 0 ? $"/interviews/new?loop={loop.Id}" : null,
            history.Count > 0 && loop.Decision is not null ? history[^1] : null,
            history,
            DecisionDesk.MayDecide(user, loop) && loop.State != LoopState.FeedbackSent && ScorecardAccess.DebriefIsOpen(loop, time.GetUtcNow())));
    }

    /// <summary>Every interviewer on the panel of an ended interview whose scorecard is not in (the deadline opened the debrief without them); shadows' practice is never missing.</summary>
    private static List<MissingScorecard> Missing(Loop loop, List<LoopScorecardResponse> scorecards) =>
        [.. loop.Interviews.Where(i => i.Status == InterviewStatus.Ended).OrderBy(i => i.ScheduledAt)
            .SelectMany(i => i.Interviewers
                .Where(a => a.Counts && !scorecards.Any(s => s.InterviewId == i.Id && s.InterviewerId == a.InterviewerId))
                .Select(a => new MissingScorecard(i.Id, i.ScheduledAt, a.Interviewer!.DisplayName)))];

    private async Task<Dictionary<string, string>> EmailsAsync(List<LoopScorecardResponse> scorecards, CancellationToken ct)
    {
        var ids = scorecards.Select(s => s.InterviewerId).Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, ct);
    }

    /// <summary>
    /// The figures Insights can give: the candidate's fair average (their ratings are keyed by the
    /// candidate's id) and each rater's severity (keyed by their email), only where the calibration
    /// says it has enough of their ratings.
    /// </summary>
    private async Task<(CalibratedFigures Figures, Dictionary<string, double> Severity)> CalibrateAsync(
        Loop loop, List<LoopScorecardResponse> scorecards, Dictionary<string, string> emails, CancellationToken ct)
    {
        var (report, problem) = await insights.ForDebriefAsync(ct);
        var severity = new Dictionary<string, double>(StringComparer.Ordinal);
        var raters = new List<RaterSeverity>();
        foreach (var (id, name) in scorecards.Select(s => (s.InterviewerId, s.Interviewer)).Distinct())
        {
            var row = report?.Interviewers.FirstOrDefault(r => string.Equals(r.Id, emails.GetValueOrDefault(id), StringComparison.OrdinalIgnoreCase));
            if (row is { EnoughData: true })
            {
                severity[id] = row.SeverityPoints;
                var sentence = row.SeverityPoints switch
                {
                    > 0 => $"{name} rates {row.SeverityPoints:0.00} points lower than an average interviewer, so their levels move up by that much.",
                    < 0 => $"{name} rates {-row.SeverityPoints:0.00} points higher than an average interviewer, so their levels move down by that much.",
                    _ => $"{name} rates like an average interviewer.",
                };
                raters.Add(new RaterSeverity(name, row.SeverityPoints, row.Erratic ? sentence + " " + ErraticRater(name) : sentence));
            }
            else
            {
                raters.Add(new RaterSeverity(name, null, $"{NotEnoughToCalibrate} for {name}: their levels stand as given."));
            }
        }

        var candidate = report?.Candidates.FirstOrDefault(c => c.Id == loop.CandidateId.ToString());
        // A fair average allows for whom the candidate drew; with no rater of theirs measured yet, it cannot.
        var available = candidate is not null && severity.Count > 0;
        var notEnough = available ? null
            : report is null ? $"{NotEnoughToCalibrate}: {problem ?? "Insights holds no ratings it can calibrate."}"
            : $"{NotEnoughToCalibrate}: Insights needs more ratings from this panel's interviewers before it can allow for how harsh or lenient each one is.";
        var erratic = candidate?.Calibrated is { ErraticEvidence: true } estimate
            ? ErraticEvidenceNote(estimate.ErraticShare)
            : null;
        return (new CalibratedFigures(available, CalibrationExplained, notEnough, candidate?.Raw.Average, available ? candidate!.Calibrated.FairAverage : null, raters, erratic), severity);
    }

    private static List<GridRow> Grid(List<LoopScorecardResponse> scorecards, SignalCatalog? catalog, IReadOnlyList<SignalDefinition> baseline, Dictionary<string, double> severity)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in scorecards.SelectMany(s => s.Sheet))
        {
            names.TryAdd(row.Signal, row.SignalName);
        }

        foreach (var signal in baseline)
        {
            names.TryAdd(signal.Id, signal.Name);
        }

        int Order(string id) => catalog?.Signals.Select((s, i) => (s, i)).FirstOrDefault(p => p.s.Id == id) is { s: not null } found ? found.i : int.MaxValue;
        var rows = new List<GridRow>();
        foreach (var (signal, name) in names.OrderBy(n => Order(n.Key)).ThenBy(n => n.Key, StringComparer.Ordinal))
        {
            var cells = scorecards.Select(s => new GridCell(s.InterviewId, s.Interviewer, Ratings(s, signal, severity))).ToList();
            var levels = cells.SelectMany(c => c.Ratings).Select(r => r.Level).ToList();
            var adjusted = cells.SelectMany(c => c.Ratings).Where(r => r.AdjustedLevel is not null).Select(r => r.AdjustedLevel!.Value).ToList();
            var spread = levels.Count == 0 ? (int?)null : levels.Max() - levels.Min();
            rows.Add(new GridRow(
                signal,
                name,
                baseline.Any(b => b.Id == signal),
                cells,
                spread,
                spread >= DisagreementSpread,
                levels.Count == 0 ? null : levels.Average(),
                adjusted.Count == 0 ? null : adjusted.Average()));
        }

        return rows;
    }

    private static List<GridRating> Ratings(LoopScorecardResponse scorecard, string signal, Dictionary<string, double> severity)
    {
        var latest = scorecard.Revisions[0].Content;
        return [.. (latest.Ratings ?? [])
            .Where(r => r is { Level: not null } && r.Signal == signal)
            .Select(r => new GridRating(
                r.Question ?? "",
                scorecard.Sheet.FirstOrDefault(row => row.Question == r.Question && row.Signal == r.Signal)?.QuestionTitle ?? r.Question ?? "",
                r.Level!.Value,
                severity.TryGetValue(scorecard.InterviewerId, out var points) ? Math.Clamp(r.Level!.Value + points, RatingsLibrary.LowestLevel, RatingsLibrary.HighestLevel) : null,
                r.Evidence ?? "",
                [.. (r.Moments ?? []).Select(m => new MomentLink(m, $"/interviews/{scorecard.InterviewId}/replay?at={m}"))]))];
    }

    private static List<Disagreement> Disagreements(List<GridRow> grid, List<LoopScorecardResponse> scorecards)
    {
        var found = new List<Disagreement>();
        foreach (var row in grid.Where(r => r.Disagreement))
        {
            var rated = row.Cells.SelectMany(c => c.Ratings.Select(r => (c.Interviewer, r.Level))).ToList();
            var low = rated.MinBy(r => r.Level);
            var high = rated.MaxBy(r => r.Level);
            found.Add(new Disagreement("spread", row.Signal, $"{row.SignalName}: the panel disagrees, from level {low.Level} ({low.Interviewer}) to level {high.Level} ({high.Interviewer}), {row.Spread} levels apart."));
        }

        var latest = scorecards.Select(s => (s.Interviewer, Recommendation: s.Revisions[0].Content.Recommendation)).ToList();
        var yes = latest.Where(s => s.Recommendation is "yes" or "strong-yes").ToList();
        var no = latest.Where(s => s.Recommendation is "no" or "strong-no").ToList();
        if (yes.Count > 0 && no.Count > 0)
        {
            static string Who(IEnumerable<(string Interviewer, string? Recommendation)> side) =>
                string.Join(", ", side.Select(s => $"{s.Interviewer} ({ScorecardRules.Words(ScorecardRules.Recommendations[s.Recommendation!])})"));
            found.Add(new Disagreement("recommendation", null, $"The recommendations point opposite ways: {Who(yes)} against {Who(no)}."));
        }

        return found;
    }

    private static List<string> ThinEvidence(List<GridRow> grid, List<Disagreement> disagreements)
    {
        var thin = grid.Where(r => r.Baseline && r.Cells.All(c => c.Ratings.Count == 0))
            .Select(r => $"Nobody assessed {r.SignalName}, one of the baseline signals every technical interview looks for; missing it is a concern.")
            .ToList();
        if (disagreements.Count > 0)
        {
            thin.Add("The scorecards contradict each other (see the disagreements); another interview can settle what they cannot.");
        }

        return thin;
    }

    private async Task<List<DecisionResponse>> HistoryAsync(Guid loopId, CancellationToken ct) =>
        [.. (await db.LoopDecisionRecords.AsNoTracking().Include(r => r.DecidedBy).Where(r => r.LoopId == loopId).ToListAsync(ct))
            .OrderBy(r => r.Number)
            .Select(DecisionDesk.ResponseOf)];
}
