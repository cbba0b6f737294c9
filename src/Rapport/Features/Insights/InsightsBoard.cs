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
/// Calibrates the stored ratings for a page, per request: a few thousand ratings take well under
/// a second (measured in the Insights tests), and every import changes the answer anyway.
/// </summary>
public sealed class InsightsBoard(RatingsLibrary library, AppDbContext db)
{
    public const double Bar = 3;

    public async Task<InsightsView> ForHiringManagersAsync(CancellationToken ct)
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
        var ratings = await library.LoadAsync(ct);
        var key = ratings?.InterviewerIds.FirstOrDefault(id => string.Equals(id, email, StringComparison.OrdinalIgnoreCase));
        if (ratings is null || key is null)
        {
            return new OwnReportView(email, null, null);
        }

        try
        {
            var report = Calibration.Run(ratings, groups: null, new CalibrationSettings(Bar, Environment.ProcessorCount));
            var row = report.Interviewers.Single(i => i.Id == key);
            return new OwnReportView(key, row with { Findings = [.. row.Findings.Where(f => !f.Restricted)] }, null);
        }
        catch (StatisticUndefinedException e)
        {
            return new OwnReportView(key, null, e.Message);
        }
    }
}
