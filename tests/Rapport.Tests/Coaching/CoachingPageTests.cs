using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Coaching;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Scorecards;

namespace Rapport.Tests.Coaching;

/// <summary>
/// The coaching page: the interviewer's report cards over their scored interviews, what to
/// practise with the moments it comes from, their own only (admins anyone's), and nothing of
/// another person's scorecard.
/// </summary>
public sealed class CoachingPageTests
{
    /// <summary>The candidate and the panel of <paramref name="planned"/> open its room; the panel asks two-sum and gives its first hint at once, ends it, and scores it.</summary>
    private static async Task InterviewedAndScoredAsync(InterviewWorld world, StaffMember interviewer, PlannedInterviewResponse planned, string evidence = ScorecardSteps.Evidence, bool introductions = false)
    {
        var interviewId = planned.Interview.Id;
        await using (var candidate = await RoomConnection.OpenAsync(world.App, candidateToken: InterviewWorld.TokenOf(planned.CandidateLink.Url)))
        await using (var room = await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(interviewer)))
        {
            await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
            await room.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", interviewId);
            if (introductions)
            {
                await room.Hub.InvokeAsync("MoveToSection", interviewId, 0);
                world.App.Time.Advance(TimeSpan.FromMinutes(2));
                await room.Hub.InvokeAsync("MoveToSection", interviewId, 1);
            }

            await room.Hub.InvokeAsync("ChooseQuestion", interviewId, 1, "two-sum");
            await room.Hub.InvokeAsync("RevealHint", interviewId, "two-sum", 1);
            await room.Hub.InvokeAsync<object>("EndInterview", interviewId);
        }

        await ScorecardSteps.SubmitAsync(await world.App.SignedInClientAsync(interviewer), interviewId, ScorecardSteps.Complete(evidence: evidence));
    }

    [Fact]
    public async Task AnInterviewersPage_ShowsTheirCardsTrendsAndWhatToPractise_WithTheMomentsItComesFrom()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var second = await InterviewWorld.PlanFromKitAsync(coordinator, app, "Chen Candidate", "chen@example.org", world.InterviewerOnA);
        await InterviewedAndScoredAsync(world, world.InterviewerOnA, world.InterviewA);
        await InterviewedAndScoredAsync(world, world.InterviewerOnA, second);
        var interviewer = await app.SignedInClientAsync(world.InterviewerOnA);

        var page = await interviewer.GetStringAsync("/coaching");

        Assert.Contains("<h1>My coaching</h1>", page, StringComparison.Ordinal);
        Assert.Contains($"/interviews/{world.InterviewA.Interview.Id}/report-card", page, StringComparison.Ordinal);
        Assert.Contains($"/interviews/{second.Interview.Id}/report-card", page, StringComparison.Ordinal);
        // Neither interview held its introductions or the candidate's questions, and each hint came at once: 0 of 2 each.
        Assert.Contains("data-trend=\"introductions\"", page, StringComparison.Ordinal);
        Assert.Matches("data-trend=\"hint-timing\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>0 of 2</td>", page);
        Assert.Matches("data-trend=\"evidence\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>2 of 2</td>", page);
        var suggestions = System.Text.RegularExpressions.Regex.Matches(page, "data-suggestion=\"([a-z-]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([ReportCard.Keys.Introductions, ReportCard.Keys.CandidateQuestions], suggestions);
        Assert.Contains("in 2 of your last 2 interviews", page, StringComparison.Ordinal);
        // Three interviewers are not in these interviews, so there is no team median to compare with yet.
        Assert.Contains("not enough interviews yet", page, StringComparison.Ordinal);
        Assert.Contains("each person&#x27;s own", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneElsesPage_IsForAdmins_AndCarriesNothingOfAScorecardTheIndependenceRuleStillHides()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await ScorecardSteps.AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewedAndScoredAsync(world, world.InterviewerOnA, world.InterviewA, "Said it was a culture fit; tested the empty list first.");
        var other = await app.SignedInClientAsync(world.InterviewerOnB);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var admin = await app.SignedInClientAsync(world.Admin);

        var theirs = await other.GetStringAsync("/coaching");
        Assert.Contains("No report card yet", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain(world.InterviewA.Interview.Id.ToString(), theirs, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/coaching/{world.InterviewerOnA.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/coaching/{world.InterviewerOnA.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/coaching/no-such-person")).StatusCode);

        // The second panelist has not submitted: the debrief is closed, so the admin learns nothing of the first's scorecard.
        var closed = await admin.GetStringAsync($"/coaching/{world.InterviewerOnA.Id}");
        Assert.Contains("Coaching: Ada Interviewer", closed, StringComparison.Ordinal);
        Assert.Matches("data-trend=\"language\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>nothing to judge yet</td>", closed);
        Assert.Matches("data-trend=\"introductions\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>0 of 1</td>", closed);

        await ScorecardSteps.SubmitAsync(other, world.InterviewA.Interview.Id, ScorecardSteps.Complete());
        var open = await admin.GetStringAsync($"/coaching/{world.InterviewerOnA.Id}");
        Assert.Matches("data-trend=\"language\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>0 of 1</td>", open);
        // Their own page always has their own scorecard's lines.
        var own = await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync("/coaching");
        Assert.Matches("data-trend=\"language\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>0 of 1</td>", own);
    }

    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheTeamsMedian_IsTheMiddleInterviewersShare_OfTheMeasuresReadFromTheRoom(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var third = await app.CreateStaffAsync(Rapport.Features.Accounts.StaffRoles.Interviewer, "Cai Interviewer");
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        // Ada skips the introductions twice; Bob and Cai hold them twice: shares 0, 1 and 1, so the median is 100 %.
        foreach (var (person, holds) in new[] { (world.InterviewerOnA, false), (world.InterviewerOnB, true), (third, true) })
        {
            for (var i = 0; i < 2; i++)
            {
                var planned = await InterviewWorld.PlanFromKitAsync(coordinator, app, $"Candidate {person.DisplayName} {i}", $"c{i}.{person.Id[..8]}@example.org", person);
                await InterviewedAndScoredAsync(world, person, planned, introductions: holds);
            }
        }

        var page = await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync("/coaching");

        Assert.Matches("data-trend=\"introductions\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>0 of 2</td>\\s*<td>100 % met</td>", page);
        // Each hint came at once for everyone: the median share of well-timed hints is 0 %.
        Assert.Matches("data-trend=\"hint-timing\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>0 of 2</td>\\s*<td>0 % met</td>", page);
        // Read from scorecards: never a team figure.
        Assert.Matches("data-trend=\"evidence\">\\s*<th scope=\"row\">[^<]+</th>\\s*<td>2 of 2</td>\\s*<td>each person&#x27;s own</td>", page);
    }
}
