using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Stats;

namespace Rapport.Features.Insights;

/// <summary>The Insights page for hiring managers: everything, groups included, computed from the stored ratings.</summary>
public sealed record InsightsView(int RatingCount, CalibrationReport? Report, IReadOnlyList<QuestionTimeline> Timelines, string? Problem, TimeSpan Elapsed);

/// <summary>
/// An interviewer's own report. Built from a calibration that was never handed the groups, so it
/// cannot hold a finding about them; Restricted findings are dropped all the same.
/// </summary>
public sealed record OwnReportView(string InterviewerKey, InterviewerRow? Row, string? Problem);

/// <summary>
/// Calibrates the stored ratings for the Insights pages, once per change of the stored ratings
/// (see <see cref="CalibrationCache"/>).
/// </summary>
public sealed class InsightsBoard(RatingsLibrary library, AppDbContext db, CalibrationCache cache)
{
    public const double Bar = 3;

    public async Task<InsightsView> ForHiringManagersAsync(CancellationToken ct) =>
        await cache.GetAsync(withGroups: true, await StampAsync(ct), () => CalibrateWithGroupsAsync(ct));

    private async Task<InsightsView> CalibrateWithGroupsAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var ratings = await library.LoadAsync(ct);
        if (ratings is null)
        {
            return new InsightsView(0, null, [], null, TimeSpan.Zero);
        }

        var groups = await library.LoadGroupsAsync(ct);
        try
        {
            var report = Calibration.Run(ratings, groups, new CalibrationSettings(Bar, Environment.ProcessorCount));
            return new InsightsView(ratings.Count, report, QuestionTimeline.Build(ratings, (int)Bar), null, Stopwatch.GetElapsedTime(started));
        }
        catch (StatisticUndefinedException e)
        {
            return new InsightsView(ratings.Count, null, [], e.Message, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The signed-in person's own report: their ratings are those whose interviewer_id is their email address.</summary>
    public async Task<OwnReportView> ForInterviewerAsync(string userId, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct) ?? "";
        var (report, problem) = await cache.GetAsync(withGroups: false, await StampAsync(ct), () => CalibrateWithoutGroupsAsync(ct));
        var row = report?.Interviewers.FirstOrDefault(i => string.Equals(i.Id, email, StringComparison.OrdinalIgnoreCase));
        return row is null
            ? new OwnReportView(email, null, report is null ? problem : null)
            : new OwnReportView(row.Id, row with { Findings = [.. row.Findings.Where(f => !f.Restricted)] }, null);
    }

    /// <summary>
    /// The calibration a debrief shows beside the raw levels: the same one an interviewer's own report
    /// reads (no groups), or why there is none (nothing stored, or ratings that cannot be calibrated).
    /// </summary>
    public async Task<(CalibrationReport? Report, string? Problem)> ForDebriefAsync(CancellationToken ct)
    {
        var (report, problem) = await cache.GetAsync(withGroups: false, await StampAsync(ct), () => CalibrateWithoutGroupsAsync(ct));
        return (report, problem);
    }

    /// <summary>The groups are never loaded here, so no finding about them can exist.</summary>
    private async Task<Tuple<CalibrationReport?, string?>> CalibrateWithoutGroupsAsync(CancellationToken ct)
    {
        var ratings = await library.LoadAsync(ct);
        if (ratings is null)
        {
            return new(null, null);
        }

        try
        {
            return new(Calibration.Run(ratings, groups: null, new CalibrationSettings(Bar, Environment.ProcessorCount)), null);
        }
        catch (StatisticUndefinedException e)
        {
            return new(null, e.Message);
        }
    }

    /// <summary>
    /// Changes whenever the stored ratings do: every import that adds ratings or groups, and every
    /// staged scorecard that changes a rating, adds a batch in the same save. Read from the database,
    /// so a change saved by another process (the command line, another server) is seen too.
    /// </summary>
    private async Task<string> StampAsync(CancellationToken ct)
    {
        var batches = await db.RatingBatches.CountAsync(ct);
        var last = await db.RatingBatches.OrderByDescending(b => b.Id).Select(b => b.Id).FirstOrDefaultAsync(ct);
        return $"{batches}:{last}";
    }
}
