using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Coaching;
using Rapport.Features.Interviews;
using Rapport.Features.Scorecards;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Rooms;
using static Rapport.Tests.Scorecards.ScorecardSteps;

namespace Rapport.Tests.Coaching;

/// <summary>
/// A shadow's scorecard is practice: the debrief never waits for it and never shows it, the
/// decision's grid and the ratings Insights calibrates with never hold it, and the shadow's report
/// card sets it beside the panel's, signal by signal, once they may see the panel's.
/// </summary>
public sealed class ShadowScorecardTests
{
    [Fact]
    public async Task AShadowsScorecard_IsPractice_OutOfTheDebriefAndTheRatings_AndComparedWithThePanelsOnTheirReportCard()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var sam = await app.CreateStaffAsync(StaffRoles.Interviewer, "Sam Shadow");
        await ShadowSteps.SetPanelAsync(world, [world.InterviewerOnA.Id, world.InterviewerOnB.Id], new ShadowRequest(sam.Id, "shadow"));
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB, sam);
        var id = world.InterviewA.Interview.Id;
        var loop = world.InterviewA.Interview.LoopId;
        var samClient = await app.SignedInClientAsync(sam);

        // The shadow's report card waits for their own scorecard, as everyone's does.
        var early = await samClient.GetAsync($"/api/interviews/{id}/report-card");
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        Assert.Contains(ReportCardDesk.SubmitFirst, await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The shadow's scorecard page says it is practice; an interviewer's does not.
        Assert.Contains("this scorecard is practice", await samClient.GetStringAsync($"/interviews/{id}/scorecard"), StringComparison.Ordinal);
        Assert.DoesNotContain("this scorecard is practice", await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync($"/interviews/{id}/scorecard"), StringComparison.Ordinal);

        // The two interviewers submit (levels 2 and 4 on problem solving): the debrief opens without the shadow.
        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnA), id, Complete(level: 2, recommendation: "no"));
        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnB), id, Complete(level: 4));
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var debrief = await Debrief.DebriefSteps.DebriefAsync(lead, loop);
        Assert.Equal("Debrief", debrief.State);
        Assert.Empty(debrief.Missing);

        // The shadow submits a 4: practice, stored as such, and nowhere the decision looks.
        await SubmitAsync(samClient, id, Complete(level: 4, recommendation: "strong-yes"));
        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Scorecards.AsNoTracking().Where(c => c.InterviewId == id)
            .Select(c => new { c.InterviewerId, c.Practice }).ToListAsync());
        Assert.Equal([(world.InterviewerOnA.Id, false), (world.InterviewerOnB.Id, false), (sam.Id, true)],
            stored.OrderBy(c => c.InterviewerId == sam.Id).ThenBy(c => c.InterviewerId == world.InterviewerOnB.Id).Select(c => (c.InterviewerId, c.Practice)));
        debrief = await Debrief.DebriefSteps.DebriefAsync(lead, loop);
        Assert.Equal(["Ada Interviewer", "Bob Interviewer"], debrief.Scorecards.Select(s => s.Interviewer).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(debrief.Disagreements, d => d.Sentence.Contains("Sam", StringComparison.Ordinal));
        var listed = await lead.GetFromJsonAsync<List<LoopScorecardResponse>>($"/api/loops/{loop}/scorecards");
        Assert.DoesNotContain(listed!, s => s.InterviewerId == sam.Id);
        var raters = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().StoredRatings.AsNoTracking().Select(r => r.InterviewerKey).Distinct().ToListAsync());
        Assert.Equal(new[] { world.InterviewerOnA.Email, world.InterviewerOnB.Email }.Order(StringComparer.Ordinal), raters.Order(StringComparer.Ordinal));

        // The shadow's report card: their part, and their levels beside the panel's median ((2 + 4) / 2 = 3, so +1).
        var card = Assert.Single((await samClient.GetFromJsonAsync<ReportCardView>($"/api/interviews/{id}/report-card"))!.Cards);
        Assert.Equal("shadow", card.Part);
        var practice = card.Practice!;
        Assert.Equal(2, practice.PanelScorecards);
        Assert.Equal(new PracticeSignal("two-sum", "problem-solving", 4, 3, 1), Assert.Single(practice.Signals));
        Assert.Equal(1, practice.WithinOneLevel);
        Assert.Equal("On 1 signal you and the panel both rated, you were within one level of the panel's median on 1; your levels ran about 1 of a level above the panel's.", practice.Says);

        // An interviewer's card has no practice part; the admin sees the shadow's comparison too.
        var ada = Assert.Single((await (await app.SignedInClientAsync(world.InterviewerOnA)).GetFromJsonAsync<ReportCardView>($"/api/interviews/{id}/report-card"))!.Cards);
        Assert.Null(ada.Practice);
        var forAdmin = (await (await app.SignedInClientAsync(world.Admin)).GetFromJsonAsync<ReportCardView>($"/api/interviews/{id}/report-card"))!.Cards;
        Assert.Equal(1, forAdmin.Single(c => c.InterviewerId == sam.Id).Practice!.MeanOffset);

        // Their coaching page lists the practice; the room's conduct, which was the panel's, is not in their trends.
        var coaching = await samClient.GetStringAsync("/coaching");
        Assert.Contains("Practice scorecards, beside the panel", coaching, StringComparison.Ordinal);
        Assert.Contains("(shadowing): On 1 signal you and the panel both rated", System.Net.WebUtility.HtmlDecode(coaching), StringComparison.Ordinal);
        Assert.Contains("No report card yet", coaching, StringComparison.Ordinal);
        var adasPage = await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync("/coaching");
        Assert.DoesNotContain("Practice scorecards, beside the panel", adasPage, StringComparison.Ordinal);
        Assert.DoesNotContain("No report card yet", adasPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASurveyAnswer_IsAboutThoseWhoRanTheInterview_NotTheShadowWhoWatched_ButTheTraineeWhoLed()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var sam = await app.CreateStaffAsync(StaffRoles.Interviewer, "Sam Shadow");
        var tia = await app.CreateStaffAsync(StaffRoles.Interviewer, "Tia Trainee");
        await ShadowSteps.SetPanelAsync(world, [world.InterviewerOnA.Id], new ShadowRequest(sam.Id, "shadow"), new ShadowRequest(tia.Id, "reverse-shadow"));
        Survey.SurveySteps.EndInterviews(app);

        await Survey.SurveySteps.AnswerExpectingAsync(app, world.TokenA, new() { ["overall"] = "5" }, HttpStatusCode.OK);

        var about = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().SurveyResponseInterviewers.AsNoTracking().Select(r => r.InterviewerId).ToListAsync());
        Assert.Equal(new[] { world.InterviewerOnA.Id, tia.Id }.Order(StringComparer.Ordinal), about.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(sam.Id, about);
    }

    [Theory]
    [InlineData(new[] { 2, 4 }, 4, 3.0)]        // an even count: the mean of the middle two
    [InlineData(new[] { 1, 3, 4 }, 1, 3.0)]     // an odd count: the middle one, not the mean (2.67)
    [InlineData(new[] { 4, 4, 1, 2 }, 2, 3.0)]  // unordered input
    public void ThePanelsMedian_IsTheMedian(int[] panel, int yours, double median)
    {
        var agreement = PracticeAgreement.Compute(Content(yours), [.. panel.Select(Content)]);

        var signal = Assert.Single(agreement.Signals);
        Assert.Equal(median, signal.PanelMedian);
        Assert.Equal(yours - median, signal.Offset);
        Assert.Equal(Math.Abs(yours - median) <= 1 ? 1 : 0, agreement.WithinOneLevel);
    }

    [Fact]
    public void Agreement_WithNoPanelScorecards_OrNoSignalInCommon_SaysSo_AndComparesNothing()
    {
        Assert.Null(PracticeAgreement.Compute(Content(3), []).WithinOneLevel);
        var unrated = new ScorecardContent([new SignalRating("two-sum", "problem-solving", null, null)], "yes", "why");
        var nothing = PracticeAgreement.Compute(unrated, [Content(3)]);
        Assert.Empty(nothing.Signals);
        Assert.Contains("nothing to compare", nothing.Says, StringComparison.Ordinal);
    }

    private static ScorecardContent Content(int level) => Complete(level);
}
