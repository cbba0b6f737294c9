using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

public sealed class ReplayTests
{
    [Fact]
    public async Task ReplayPlayer_GetsEveryMomentWithItsTimeAndEdit_AndTheTimelineLeavesCursorSamplesOut()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var pad = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA, path: PadHub.Path);
        await pad.Hub.InvokeAsync<PadOpened>("OpenAsCandidate");
        await pad.Hub.InvokeAsync<PadPushed>("Push", 0, new[] { JsonDocument.Parse("[[0,\"x = 1\"]]").RootElement });
        app.Time.Advance(TimeSpan.FromSeconds(90));
        await pad.Hub.InvokeAsync("MoveCursor", 1, 5, 5);
        await pad.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "text");
        var client = await app.SignedInClientAsync(world.InterviewerOnA);

        var page = await client.GetStringAsync($"/interviews/{id}/replay");

        var moments = JsonDocument.Parse(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "data-moments=\"([^\"]*)\"").Groups[1].Value)).RootElement;
        Assert.Equal([(1L, 0L, "[[0,\"x = 1\"]]"), (2, 90_000, "null"), (3, 90_000, "null")],
            moments.EnumerateArray().Select(m => (m.GetProperty("sequence").GetInt64(), m.GetProperty("at").GetInt64(), m.GetProperty("changes").GetRawText())));
        Assert.Contains("Pad language: Plain text (switched by Alice Candidate)", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("Cursor of the candidate", page, StringComparison.Ordinal);
        Assert.Contains("js/replay", page, StringComparison.Ordinal);
    }

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

        Assert.Contains("<pre data-region=\"code\"><code>def f(): pass</code></pre>", end, StringComparison.Ordinal);
        Assert.Contains("<pre data-region=\"code\"><code>def f():</code></pre>", middle, StringComparison.Ordinal);
        Assert.Contains("Section: Main Problem", end, StringComparison.Ordinal);
        Assert.Contains("02:00</a> Note by Ada Interviewer [problem-solving]: Asked about edge cases first", end, StringComparison.Ordinal);
        // From moment 3, the next thing after the two quiet minutes is the note (moment 4).
        Assert.Contains($"href=\"/interviews/{id}/replay?at=4\">Skip the idle stretch", middle, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInClientAsync(world.InterviewerOnB)).GetAsync($"/interviews/{id}/replay")).StatusCode);
    }
}
