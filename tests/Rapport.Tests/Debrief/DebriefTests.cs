using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Debrief;
using Rapport.Features.Insights;
using Rapport.Stats.Ratings;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Insights;
using static Rapport.Tests.Debrief.DebriefSteps;
using static Rapport.Tests.Scorecards.ScorecardSteps;

namespace Rapport.Tests.Debrief;

public sealed class DebriefTests
{
    private const string AdasMarker = "ADA-EVIDENCE-5K1";
    private const string BobsMarker = "BOB-EVIDENCE-9Z4";

    [Fact]
    public async Task LevelsOneAndFour_AndYesAgainstNo_AreDisagreements_SaidInWords()
    {
        await using var app = await RapportTestApp.StartAsync();
        var (world, loop) = await TwoScorecardsAsync(app, (1, "no", Evidence), (4, "strong-yes", Evidence));

        var debrief = await DebriefAsync(await app.SignedInClientAsync(world.Coordinator), loop);

        var row = debrief.Grid.Single(r => r.Signal == "problem-solving");
        Assert.True(row.Disagreement);
        Assert.Equal(3, row.Spread);
        Assert.Equal([1, 4], row.Cells.SelectMany(c => c.Ratings).Select(r => r.Level).Order());
        Assert.Contains(debrief.Disagreements, d => d.Kind == "spread" && d.Signal == "problem-solving");
        var opposite = Assert.Single(debrief.Disagreements, d => d.Kind == "recommendation");
        Assert.Contains("Bob Interviewer (Strong yes)", opposite.Sentence, StringComparison.Ordinal);
        Assert.Contains("Ada Interviewer (No)", opposite.Sentence, StringComparison.Ordinal);
        var moment = row.Cells.SelectMany(c => c.Ratings).First().Moments.Single();
        Assert.Equal($"/interviews/{world.InterviewA.Interview.Id}/replay?at=1", moment.Url);

        var html = await (await app.SignedInClientAsync(world.Coordinator)).GetStringAsync($"/loops/{loop}/debrief");
        Assert.Contains("Disagreement: 3 levels apart", html, StringComparison.Ordinal);
        Assert.Contains($"/interviews/{world.InterviewA.Interview.Id}/replay?at=1", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LevelsTwoAndThree_AndTwoYeses_AreNoDisagreement()
    {
        await using var app = await RapportTestApp.StartAsync();
        var (world, loop) = await TwoScorecardsAsync(app, (2, "yes", Evidence), (3, "strong-yes", Evidence));

        var debrief = await DebriefAsync(await app.SignedInClientAsync(world.Coordinator), loop);

        Assert.False(debrief.Grid.Single(r => r.Signal == "problem-solving").Disagreement);
        Assert.Empty(debrief.Disagreements);
        Assert.Equal(2.5, debrief.Grid.Single(r => r.Signal == "problem-solving").RawAverage);
    }

    [Fact]
    public async Task DebriefPage_OfAPanelMemberWhoHasNotSubmitted_ShowsOnlyTheKindMessage()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);
        var loop = world.InterviewA.Interview.LoopId;
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var before = await ada.GetAsync($"/loops/{loop}/debrief");
        var beforeHtml = await before.Content.ReadAsStringAsync();

        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnB), world.InterviewA.Interview.Id, Complete(2, $"{BobsMarker} wrote the quadratic loop.", "no"));
        var after = await ada.GetAsync($"/loops/{loop}/debrief");
        var afterHtml = await after.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Contains("Submit yours first", afterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(BobsMarker, afterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob Interviewer", afterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Level 2", afterHtml, StringComparison.Ordinal);
        // Bob's submission changed nothing Ada can read (antiforgery tokens aside, the page has none here).
        Assert.Equal(Strip(beforeHtml), Strip(afterHtml));
        Assert.Equal(HttpStatusCode.Forbidden, (await ada.GetAsync($"/api/loops/{loop}/debrief")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ada.GetAsync($"/loops/{loop}/packet")).StatusCode);

        await SubmitAsync(ada, world.InterviewA.Interview.Id, Complete(3, $"{AdasMarker} solved it.", "yes"));
        var open = await ada.GetStringAsync($"/loops/{loop}/debrief");
        Assert.Contains(BobsMarker, open, StringComparison.Ordinal);
        Assert.Contains("Bob Interviewer", open, StringComparison.Ordinal);
        var stranger = await app.SignedInClientAsync(await app.CreateStaffAsync(Rapport.Features.Accounts.StaffRoles.Interviewer, "Carol Stranger"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/loops/{loop}/debrief")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/loops/{loop}/debrief")).StatusCode);
    }

    [Fact]
    public async Task Decision_BadInputs_AreRefusedNamingTheField_AndChangeNothing_ThenRecordedAndRevised()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);
        var loop = world.InterviewA.Interview.LoopId;
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var bob = await app.SignedInClientAsync(world.InterviewerOnB);
        await SubmitAsync(ada, world.InterviewA.Interview.Id, Complete(3, $"{AdasMarker} solved it.", "yes"));

        var early = await coordinator.PostAsJsonAsync($"/api/loops/{loop}/decision", new DecisionRequest("hire", "Good."));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("opens once every panel member has submitted", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await SubmitAsync(bob, world.InterviewA.Interview.Id, Complete(3, $"{BobsMarker} solved it.", "yes"));
        var notLead = await ada.PostAsJsonAsync($"/api/loops/{loop}/decision", new DecisionRequest("hire", "I liked them."));
        Assert.Equal(HttpStatusCode.Forbidden, notLead.StatusCode);
        Assert.Contains("\"decision\"", await notLead.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        (DecisionRequest Request, string Field)[] bad =
        [
            (new("hired", "Strong evidence."), "decision"),
            (new(null, "Strong evidence."), "decision"),
            (new("hire", "   "), "rationale"),
            (new("hire", null), "rationale"),
            (new("hire", new string('x', Rapport.Features.Candidates.Loop.MaxRationaleLength + 1)), "rationale"),
            (new("hire", "Fine\u202Eevil"), "rationale"),
        ];
        foreach (var (request, field) in bad)
        {
            var response = await coordinator.PostAsJsonAsync($"/api/loops/{loop}/decision", request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty((await DebriefAsync(coordinator, loop)).History);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.GetAsync($"/loops/{loop}/packet")).StatusCode);

        var hire = await coordinator.PostAsJsonAsync($"/api/loops/{loop}/decision", new DecisionRequest("hire", "Both saw sound problem solving."));
        Assert.Equal(HttpStatusCode.OK, hire.StatusCode);
        Assert.Equal("Decided", (await hire.Content.ReadFromJsonAsync<LoopStandingResponse>())!.State);
        var revised = await coordinator.PostAsJsonAsync($"/api/loops/{loop}/decision", new DecisionRequest("no-hire", "On reflection the role needs more depth."));
        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);

        var debrief = await DebriefAsync(coordinator, loop);
        Assert.Equal(["hire", "no-hire"], debrief.History.Select(h => h.Decision));
        Assert.Equal("no-hire", debrief.Decision!.Decision);

        var packet = await coordinator.GetStringAsync($"/loops/{loop}/packet");
        Assert.Contains("Alice Candidate", packet, StringComparison.Ordinal);
        Assert.Contains("ML Engineer", packet, StringComparison.Ordinal);
        Assert.Contains("On reflection the role needs more depth.", packet, StringComparison.Ordinal);
        Assert.Contains("Both saw sound problem solving.", packet, StringComparison.Ordinal);
        Assert.Contains(AdasMarker, packet, StringComparison.Ordinal);
        Assert.Contains(BobsMarker, packet, StringComparison.Ordinal);
        Assert.Contains("Language check findings across all submitted versions:", packet, StringComparison.Ordinal);
        Assert.Contains("@media print", await coordinator.GetStringAsync("/app.css"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreSignal_KeepsTheLoopInterviewing_AndIsRecorded()
    {
        await using var app = await RapportTestApp.StartAsync();
        var (world, loop) = await TwoScorecardsAsync(app, (3, "yes", Evidence), (3, "yes", Evidence));
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.PostAsJsonAsync($"/api/loops/{loop}/decision", new DecisionRequest("more-signal", "Nobody saw them think out loud."));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var standing = (await response.Content.ReadFromJsonAsync<LoopStandingResponse>())!;
        Assert.Equal("Interviewing", standing.State);
        Assert.Equal("more-signal", standing.Decision!.Decision);
    }

    [Fact]
    public async Task Deadline_OpensTheDebriefWithTheScorecardsThatAreIn_AndListsWhoIsMissing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);
        var loop = world.InterviewA.Interview.LoopId;
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnA), world.InterviewA.Interview.Id, Complete(3, $"{AdasMarker} solved it.", "yes"));

        var past = await coordinator.PutAsJsonAsync($"/api/loops/{loop}/deadline", new DeadlineRequest(app.Time.GetUtcNow().AddMinutes(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("\"deadline\"", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PutAsJsonAsync($"/api/loops/{loop}/deadline", new DeadlineRequest(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(world.InterviewerOnA)).PutAsJsonAsync($"/api/loops/{loop}/deadline", new DeadlineRequest(app.Time.GetUtcNow().AddDays(1)))).StatusCode);

        var set = await coordinator.PutAsJsonAsync($"/api/loops/{loop}/deadline", new DeadlineRequest(app.Time.GetUtcNow().AddDays(1)));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync($"/api/loops/{loop}/debrief")).StatusCode);

        app.Time.Advance(TimeSpan.FromDays(1));
        // A day on, the earlier sign-in has lapsed: sign in again.
        coordinator = await app.SignedInClientAsync(world.Coordinator);
        var debrief = await DebriefAsync(coordinator, loop);

        Assert.Equal("Ada Interviewer", Assert.Single(debrief.Scorecards).Interviewer);
        Assert.Equal("Bob Interviewer", Assert.Single(debrief.Missing).Interviewer);
        Assert.True(debrief.MayDecide);
        Assert.Contains("Not submitted", await coordinator.GetStringAsync($"/loops/{loop}/debrief"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BaselineNeverAssessed_IsThinEvidence_AndOffersAnotherInterview()
    {
        await using var app = await RapportTestApp.StartAsync();
        var (world, loop) = await TwoScorecardsAsync(app, (3, "yes", Evidence), (3, "yes", Evidence));
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var debrief = await DebriefAsync(coordinator, loop);

        // The small bank's kit rates problem solving only: none of the three baseline signals was assessed.
        Assert.Equal(["language-and-tools", "thinking-out-loud", "collaboration"], debrief.Grid.Where(r => r.Baseline).Select(r => r.Signal));
        Assert.Equal(3, debrief.ThinEvidence.Count(t => t.StartsWith("Nobody assessed", StringComparison.Ordinal)));
        Assert.Contains(debrief.ThinEvidence, t => t.Contains("Thinking out loud", StringComparison.Ordinal));
        Assert.Equal($"/interviews/new?loop={loop}", debrief.PlanAnotherInterview);
        var html = await coordinator.GetStringAsync($"/loops/{loop}/debrief");
        Assert.Contains("Plan another interview in this loop", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalibratedFigures_WithoutEnoughRatings_SaySo_AndLeaveTheRawLevels()
    {
        await using var app = await RapportTestApp.StartAsync();
        var (world, loop) = await TwoScorecardsAsync(app, (2, "yes", Evidence), (3, "yes", Evidence));
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var debrief = await DebriefAsync(coordinator, loop);

        Assert.False(debrief.Calibration.Available);
        Assert.StartsWith(DebriefBoard.NotEnoughToCalibrate, debrief.Calibration.NotEnough, StringComparison.Ordinal);
        Assert.Null(debrief.Calibration.FairAverage);
        Assert.All(debrief.Grid.SelectMany(r => r.Cells).SelectMany(c => c.Ratings), r => Assert.Null(r.AdjustedLevel));
        var html = await coordinator.GetStringAsync($"/loops/{loop}/debrief");
        Assert.Contains(DebriefBoard.NotEnoughToCalibrate, html, StringComparison.Ordinal);
        Assert.Contains("Level 2", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalibratedFigures_WithEnoughRatings_StandBesideTheRawOnes_AsTheCalibrationComputesThem()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        // A simulated history (ratings drawn from the rater model with known truth, as the Insights
        // tests use) in which two of the simulated interviewers are Ada and Bob.
        var csv = RatingsFiles.Simulated(60);
        var raters = csv.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[2]).Distinct().Order(StringComparer.Ordinal).Take(2).ToList();

        var (loop, coordinator, debrief, report, candidate) = await CalibratedDebriefAsync(app, world, csv, raters[0], raters[1], (2, "yes"), (3, "yes"));

        var adaSeverity = report.Interviewers.Single(i => i.Id == world.InterviewerOnA.Email);
        Assert.True(adaSeverity.EnoughData);
        Assert.True(debrief.Calibration.Available);
        Assert.Equal(candidate.Calibrated.FairAverage, debrief.Calibration.FairAverage!.Value, 1e-6);
        var adas = debrief.Grid.Single(r => r.Signal == "problem-solving").Cells.Single(c => c.Interviewer == "Ada Interviewer").Ratings.Single();
        Assert.Equal(2, adas.Level);
        Assert.Equal(Math.Clamp(2 + adaSeverity.SeverityPoints, 1, 4), adas.AdjustedLevel!.Value, 1e-6);
        var html = await coordinator.GetStringAsync($"/loops/{loop}/debrief");
        Assert.Contains(candidate.Calibrated.FairAverage.ToString("0.00", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains(DebriefBoard.CalibrationExplained.Split(';')[0], html, StringComparison.Ordinal);
        Assert.Contains("Level 2 (adjusted", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalibratedFigures_WhenErraticInterviewersGaveMuchOfTheEvidence_SaySo_AndNameTheErraticRater()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        // A simulated history with erratic interviewers. Ada takes the place of one the calibration
        // itself (the oracle, run on the file before import) flags as erratic, Bob of one it does not.
        var csv = RatingsFiles.Simulated(60, erraticInterviewers: 3);
        var flagged = Calibration.Run(RatingsCsv.Read(new StringReader(csv)).Ratings!, groups: null, new CalibrationSettings(InsightsBoard.Bar, 1)).Interviewers;
        var (erraticId, steadyId) = (flagged.First(i => i.Erratic && i.EnoughData).Id, flagged.First(i => !i.Erratic && i.EnoughData).Id);

        var (loop, coordinator, debrief, report, candidate) = await CalibratedDebriefAsync(app, world, csv, erraticId, steadyId, (4, "yes"), (2, "no"));

        Assert.True(report.Interviewers.Single(i => i.Id == world.InterviewerOnA.Email).Erratic);
        Assert.True(candidate.Calibrated.ErraticEvidence, $"the candidate's share of erratic ratings is {candidate.Calibrated.ErraticShare:P0}");
        var note = DebriefBoard.ErraticEvidenceNote(candidate.Calibrated.ErraticShare);
        Assert.Equal(note, debrief.Calibration.ErraticEvidence);
        Assert.Contains("Ada Interviewer's ratings are erratic", debrief.Calibration.Raters.Single(r => r.Interviewer == "Ada Interviewer").Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("erratic", debrief.Calibration.Raters.Single(r => r.Interviewer == "Bob Interviewer").Sentence, StringComparison.Ordinal);
        var html = await coordinator.GetStringAsync($"/loops/{loop}/debrief");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(note).Replace("&#39;", "&#x27;", StringComparison.Ordinal), html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Imports <paramref name="csv"/> with its interviewers <paramref name="asAda"/> and <paramref name="asBob"/>
    /// renamed to Ada's and Bob's emails, has both interview the candidate and submit, and returns the
    /// debrief with its oracle: the calibration run here on the stored ratings, not read back from the page.
    /// </summary>
    private static async Task<(Guid Loop, HttpClient Coordinator, DebriefResponse Debrief, CalibrationReport Report, CandidateRow Candidate)> CalibratedDebriefAsync(
        RapportTestApp app, InterviewWorld world, string csv, string asAda, string asBob, (int Level, string Recommendation) ada, (int Level, string Recommendation) bob)
    {
        csv = string.Join('\n', csv.Split('\n').Select(l => l.Split(',') is { Length: > 2 } f && (f[2] == asAda || f[2] == asBob)
            ? string.Join(',', f.Take(2).Append(f[2] == asAda ? world.InterviewerOnA.Email : world.InterviewerOnB.Email).Concat(f.Skip(3)))
            : l));
        var imported = await app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().ImportAsync(new StringReader(csv), "history.csv", "Ada", CancellationToken.None));
        Assert.True(imported.Succeeded, string.Join("; ", imported.Problems.Select(p => p.Message)));
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);
        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnA), world.InterviewA.Interview.Id, Complete(ada.Level, Evidence, ada.Recommendation));
        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnB), world.InterviewA.Interview.Id, Complete(bob.Level, Evidence, bob.Recommendation));
        var loop = world.InterviewA.Interview.LoopId;
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var debrief = await DebriefAsync(coordinator, loop);

        var ratings = (await app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().LoadAsync(CancellationToken.None)))!;
        var report = Calibration.Run(ratings, groups: null, new CalibrationSettings(InsightsBoard.Bar, 1));
        var candidateId = await app.InScopeAsync(s => s.GetRequiredService<Rapport.Data.AppDbContext>().Loops.Where(l => l.Id == loop).Select(l => l.CandidateId).SingleAsync());
        return (loop, coordinator, debrief, report, report.Candidates.Single(c => c.Id == candidateId.ToString()));
    }

    /// <summary>The page without what changes on every request (antiforgery tokens).</summary>
    private static string Strip(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "value=\"CfDJ[^\"]*\"", "value=\"\"");
}
