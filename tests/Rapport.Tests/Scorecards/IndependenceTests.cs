using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Scorecards;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Scorecards.ScorecardSteps;

namespace Rapport.Tests.Scorecards;

/// <summary>
/// The independence rule at the transport: until an interviewer has submitted their own scorecard
/// for a loop, nothing of the others reaches them (not a level, not a count, not whether anyone
/// submitted); staff who did not sit on it see them once the debrief opens.
/// </summary>
public sealed class IndependenceTests
{
    private const string BobsMarker = "BOB-EVIDENCE-7Q2";

    [Fact]
    public async Task BeforeSubmittingTheirOwn_AnInterviewerGetsTheSameRefusalWhateverTheOthersDid_ThenSeesThemAll()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);
        var id = world.InterviewA.Interview.Id;
        var loop = world.InterviewA.Interview.LoopId;
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var bob = await app.SignedInClientAsync(world.InterviewerOnB);

        var beforeBob = await SnapshotAsync(ada, id, loop);
        await SubmitAsync(bob, id, Complete(level: 2, evidence: $"{BobsMarker} wrote the quadratic loop first.", recommendation: "no"));
        var afterBob = await SnapshotAsync(ada, id, loop);

        // Byte for byte the same: Bob's submission changed nothing Ada can read.
        Assert.Equal(beforeBob, afterBob);
        Assert.DoesNotContain(BobsMarker, afterBob, StringComparison.Ordinal);
        Assert.Contains(ScorecardEndpoints.HiddenUntilYouSubmit, afterBob, StringComparison.Ordinal);

        await SubmitAsync(ada, id, Complete(level: 3));
        var seen = (await ada.GetFromJsonAsync<List<LoopScorecardResponse>>($"/api/loops/{loop}/scorecards"))!;
        Assert.Equal(["Ada Interviewer", "Bob Interviewer"], seen.Select(s => s.Interviewer).Order(StringComparer.Ordinal));
        Assert.Contains(BobsMarker, seen.Single(s => s.Interviewer == "Bob Interviewer").Revisions[0].Content.Ratings![0].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffWhoDidNotSit_SeeTheScorecardsOnlyOnceTheDebriefOpens_AndStrangersNever()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);
        var id = world.InterviewA.Interview.Id;
        var loop = world.InterviewA.Interview.LoopId;
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var admin = await app.SignedInClientAsync(world.Admin);
        var stranger = await app.SignedInClientAsync(await app.CreateStaffAsync(Rapport.Features.Accounts.StaffRoles.Interviewer, "Carol Stranger"));

        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnA), id, Complete(level: 3));
        var halfway = await coordinator.GetAsync($"/api/loops/{loop}/scorecards");
        Assert.Equal(HttpStatusCode.Forbidden, halfway.StatusCode);
        Assert.Contains(ScorecardEndpoints.HiddenUntilDebrief, await halfway.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(ScorecardSteps.Evidence, await halfway.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnB), id, Complete(level: 2, recommendation: "no"));

        foreach (var client in new[] { coordinator, admin })
        {
            var all = (await client.GetFromJsonAsync<List<LoopScorecardResponse>>($"/api/loops/{loop}/scorecards"))!;
            Assert.Equal(2, all.Count);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/loops/{loop}/scorecards")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/loops/{Guid.NewGuid()}/scorecards")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await InterviewWorld.CandidateClient(app, world.TokenA).GetAsync($"/api/loops/{loop}/scorecards")).StatusCode);
    }

    /// <summary>Everything Ada can read about the loop's scorecards, her own and the interview (each response's trace id aside).</summary>
    private static async Task<string> SnapshotAsync(HttpClient ada, Guid interviewId, Guid loopId)
    {
        var loop = await ada.GetAsync($"/api/loops/{loopId}/scorecards");
        var own = await ada.GetAsync($"/api/interviews/{interviewId}/scorecard");
        var interview = await ada.GetAsync($"/api/interviews/{interviewId}");
        var text = $"{(int)loop.StatusCode} {await loop.Content.ReadAsStringAsync()}\n{(int)own.StatusCode} {await own.Content.ReadAsStringAsync()}\n{(int)interview.StatusCode} {await interview.Content.ReadAsStringAsync()}";
        return System.Text.RegularExpressions.Regex.Replace(text, "\"traceId\":\"[^\"]*\"", "\"traceId\":\"…\"");
    }
}
