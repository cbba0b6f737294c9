using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Debrief;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Scorecards.ScorecardSteps;

namespace Rapport.Tests.Debrief;

/// <summary>A loop whose interview A was sat by Ada and Bob, each submitting the scorecard a test asks for.</summary>
public static class DebriefSteps
{
    public static async Task<(InterviewWorld World, Guid Loop)> TwoScorecardsAsync(RapportTestApp app, (int Level, string Recommendation, string Evidence) ada, (int Level, string Recommendation, string Evidence) bob)
    {
        var world = await InterviewWorld.CreateAsync(app);
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);
        var id = world.InterviewA.Interview.Id;
        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnA), id, Complete(ada.Level, ada.Evidence, ada.Recommendation));
        await SubmitAsync(await app.SignedInClientAsync(world.InterviewerOnB), id, Complete(bob.Level, bob.Evidence, bob.Recommendation));
        return (world, world.InterviewA.Interview.LoopId);
    }

    public static async Task<DebriefResponse> DebriefAsync(HttpClient client, Guid loop)
    {
        var response = await client.GetAsync($"/api/loops/{loop}/debrief");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DebriefResponse>())!;
    }
}
