using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Interviews;
using Rapport.Features.Scorecards;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Scorecards;

/// <summary>Interviews that happened (a question asked, a hint shown, notes taken, ended from the room) and scorecards written for them.</summary>
public static class ScorecardSteps
{
    public const string Evidence = "Walked through the hash map approach, named its linear time, and tested the empty list first.";

    /// <summary>
    /// Interview A as it went: <paramref name="panel"/> in the room (the first opens it), the
    /// two-sum question asked, its first hint shown, each panelist's note tagged with a signal;
    /// then the first of them ends it.
    /// </summary>
    public static async Task InterviewAsync(InterviewWorld world, params StaffMember[] panel)
    {
        var id = world.InterviewA.Interview.Id;
        panel = panel.Length == 0 ? [world.InterviewerOnA] : panel;
        var rooms = new List<RoomConnection>();
        try
        {
            foreach (var person in panel)
            {
                var room = await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(person));
                rooms.Add(room);
                await room.Hub.InvokeCoreAsync("JoinAsInterviewer", typeof(object), [id]);
            }

            await rooms[0].Hub.InvokeCoreAsync("ChooseQuestion", typeof(object), [id, 1, "two-sum"]);
            await rooms[0].Hub.InvokeCoreAsync("RevealHint", typeof(object), [id, "two-sum", 1]);
            foreach (var (room, person) in rooms.Zip(panel))
            {
                await room.Hub.InvokeCoreAsync("AddNote", typeof(object), [id, $"Note by {person.DisplayName}: tested the empty list first.", "problem-solving"]);
            }

            await rooms[0].Hub.InvokeCoreAsync("EndInterview", typeof(object), [id]);
        }
        finally
        {
            foreach (var room in rooms)
            {
                await room.DisposeAsync();
            }
        }
    }

    /// <summary>Puts <paramref name="added"/> on interview A's panel beside its interviewer, before it starts.</summary>
    public static async Task AddToPanelAsync(InterviewWorld world, params StaffMember[] added)
    {
        var coordinator = await world.App.SignedInClientAsync(world.Coordinator);
        var response = await coordinator.PutAsJsonAsync($"/api/interviews/{world.InterviewA.Interview.Id}/panel", new PanelRequest([world.InterviewerOnA.Id, .. added.Select(a => a.Id)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A complete scorecard for the sheet of <see cref="InterviewAsync"/>: two-sum's problem solving rated, its code quality not assessed, the kit's signals covered.</summary>
    public static ScorecardContent Complete(int level = 3, string evidence = Evidence, string recommendation = "yes") => new(
        [
            new SignalRating("two-sum", "problem-solving", level, evidence, [1]),
            new SignalRating("two-sum", "code-quality", null, null),
        ],
        recommendation,
        "Solved it with a sound approach and checked their own work.");

    public static async Task<ScorecardResponse> GetAsync(HttpClient interviewer, Guid interviewId)
    {
        var response = await interviewer.GetAsync($"/api/interviews/{interviewId}/scorecard");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ScorecardResponse>())!;
    }

    public static async Task<ScorecardResponse> SubmitAsync(HttpClient interviewer, Guid interviewId, ScorecardContent content)
    {
        var response = await interviewer.PostAsJsonAsync($"/api/interviews/{interviewId}/scorecard/submit", new SubmitScorecardRequest(content));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ScorecardResponse>())!;
    }
}
