using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

public sealed class ReplayTests
{
    [Fact]
    public async Task Replay_ShowsTheCodeAtAnyMoment_AndTheTimelineWithHintsNotesAndSections()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var room = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await room.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await room.Hub.InvokeAsync("MoveToSection", id, 1);
        await using var pad = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA, path: PadHub.Path);
        await pad.Hub.InvokeAsync<PadOpened>("OpenAsCandidate");
        await pad.Hub.InvokeAsync<PadPushed>("Push", 0, new[] { JsonDocument.Parse("[[0,\"def f():\"]]").RootElement });
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await room.Hub.InvokeAsync("AddNote", id, "Asked about edge cases first", "problem-solving");
        await pad.Hub.InvokeAsync<PadPushed>("Push", 1, new[] { JsonDocument.Parse("[8,[0,\" pass\"]]").RootElement });
        var client = await app.SignedInClientAsync(world.InterviewerOnA);

        var end = WebUtility.HtmlDecode(await client.GetStringAsync($"/interviews/{id}/replay"));
        var middle = WebUtility.HtmlDecode(await client.GetStringAsync($"/interviews/{id}/replay?at=3"));

        Assert.Contains("<pre><code>def f(): pass</code></pre>", end, StringComparison.Ordinal);
        Assert.Contains("<pre><code>def f():</code></pre>", middle, StringComparison.Ordinal);
        Assert.Contains("Section: Main Problem", end, StringComparison.Ordinal);
        Assert.Contains("02:00</a> Note by Ada Interviewer [problem-solving]: Asked about edge cases first", end, StringComparison.Ordinal);
        // From moment 3, the next thing after the two quiet minutes is the note (moment 4).
        Assert.Contains($"href=\"/interviews/{id}/replay?at=4\">Skip the idle stretch", middle, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInClientAsync(world.InterviewerOnB)).GetAsync($"/interviews/{id}/replay")).StatusCode);
    }
}
