using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Questions.Testing;
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
        await using var pad = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await RoomTestSteps.JoinAndOpenPadAsync(pad.Hub);
        await pad.Hub.InvokeAsync<PadPushed>("Push", 0, new[] { JsonDocument.Parse("[[0,\"x = 1\"]]").RootElement });
        app.Time.Advance(TimeSpan.FromSeconds(90));
        await pad.Hub.InvokeAsync("MoveCursor", 1, 5, 5);
        await pad.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "text");
        var client = await app.SignedInClientAsync(world.InterviewerOnA);

        var page = await client.GetStringAsync($"/interviews/{id}/replay");

        var moments = JsonDocument.Parse(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "data-moments=\"([^\"]*)\"").Groups[1].Value)).RootElement;
        // The candidate joining, the edit, the cursor sample and the language switch.
        Assert.Equal([(1L, 0L, "null"), (2, 0, "[[0,\"x = 1\"]]"), (3, 90_000, "null"), (4, 90_000, "null")],
            moments.EnumerateArray().Select(m => (m.GetProperty("sequence").GetInt64(), m.GetProperty("at").GetInt64(), m.GetProperty("changes").GetRawText())));
        Assert.Contains("Pad language: Plain text (switched by Alice Candidate)", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        // The player may name a cursor sample as it passes; the timeline leaves them out.
        var timeline = page[page.IndexOf("<ol class=\"timeline\">", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Cursor of the candidate", timeline, StringComparison.Ordinal);
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
        await using var pad = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await RoomTestSteps.JoinAndOpenPadAsync(pad.Hub);
        await pad.Hub.InvokeAsync<PadPushed>("Push", 0, new[] { JsonDocument.Parse("[[0,\"def f():\"]]").RootElement });
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await room.Hub.InvokeAsync("AddNote", id, "Asked about edge cases first", "problem-solving");
        await pad.Hub.InvokeAsync<PadPushed>("Push", 1, new[] { JsonDocument.Parse("[8,[0,\" pass\"]]").RootElement });
        var client = await app.SignedInClientAsync(world.InterviewerOnA);

        var end = WebUtility.HtmlDecode(await client.GetStringAsync($"/interviews/{id}/replay"));
        // 1 the interviewer joined, 2 the section, 3 the candidate joined, 4 the first edit, 5 the note, 6 the second edit.
        var middle = WebUtility.HtmlDecode(await client.GetStringAsync($"/interviews/{id}/replay?at=4"));

        Assert.Contains("<pre data-region=\"code\"><code>def f(): pass</code></pre>", end, StringComparison.Ordinal);
        Assert.Contains("<pre data-region=\"code\"><code>def f():</code></pre>", middle, StringComparison.Ordinal);
        Assert.Contains("Section: Main Problem", end, StringComparison.Ordinal);
        Assert.Contains("02:00</a> Note by Ada Interviewer [problem-solving]: Asked about edge cases first", end, StringComparison.Ordinal);
        // From moment 4, the next thing after the two quiet minutes is the note (moment 5).
        Assert.Contains($"href=\"/interviews/{id}/replay?at=5\" data-step=\"skip\">Skip the idle stretch", middle, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInClientAsync(world.InterviewerOnB)).GetAsync($"/interviews/{id}/replay")).StatusCode);
    }

    [Fact]
    public async Task Replay_TellsRunsAsTheRoomShowedThem_OnThePageAndToThePlayer()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var codeRun = Guid.NewGuid();
        var testRun = Guid.NewGuid();
        QuestionTestOutcome Outcome(string name, bool passed) => new(name, true, passed, passed ? "Passed." : "Expected [0, 1].", null, null, null);
        await app.InScopeAsync(async s =>
        {
            var log = s.GetRequiredService<RoomLog>();
            await log.AppendAsync(id, new CodeRunStarted(codeRun, "python", 1, "sha", null, null, "Alice Candidate"), RoomActor.Candidate, null, CancellationToken.None);
            await log.AppendAsync(id, new CodeRunFinished(codeRun, "Ok", "Your program ran successfully in 0.2 s.", 10, 200, "42\n", "", false, [], []), RoomActor.System, null, CancellationToken.None);
            await log.AppendAsync(id, new CodeRunStarted(testRun, "python", 1, "sha", "two-sum", 1, "Alice Candidate"), RoomActor.Candidate, null, CancellationToken.None);
            await log.AppendAsync(id, new CodeRunFinished(testRun, "TestsFailed", "3 of 4 tests passed. The visible tests below show what was expected.", 10, 200, "", "", false, [],
                [Outcome("empty", true), Outcome("pair", true), Outcome("negative", false), Outcome("large", true)]), RoomActor.System, null, CancellationToken.None);
            return 0;
        });
        var client = await app.SignedInClientAsync(world.InterviewerOnA);

        var raw = await client.GetStringAsync($"/interviews/{id}/replay");
        var page = WebUtility.HtmlDecode(raw);

        Assert.Contains("Alice Candidate ran the code (Python)", page, StringComparison.Ordinal);
        Assert.Contains("Run: Your program ran successfully in 0.2 s.", page, StringComparison.Ordinal);
        Assert.Contains("Alice Candidate ran the tests of two-sum (Python)", page, StringComparison.Ordinal);
        Assert.Contains("Run tests: 3 of 4 passed", page, StringComparison.Ordinal);
        Assert.DoesNotContain("run-started", page, StringComparison.Ordinal);
        Assert.DoesNotContain("run-finished", page, StringComparison.Ordinal);
        // The header of the last moment, and the player's words for every moment, say the same.
        Assert.Contains("<span data-moment-says>Run tests: 3 of 4 passed</span>", page, StringComparison.Ordinal);
        Assert.Equal(
            ["Alice Candidate ran the code (Python)", "Run: Your program ran successfully in 0.2 s.", "Alice Candidate ran the tests of two-sum (Python)", "Run tests: 3 of 4 passed"],
            Moments(raw).EnumerateArray().Select(m => m.GetProperty("says").GetString()));
    }

    [Fact]
    public async Task SkipTheIdleStretch_UsesTheThresholdThePageHandsThePlayer()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var second = TimeSpan.FromSeconds(1);
        await app.InScopeAsync(async s =>
        {
            var log = s.GetRequiredService<RoomLog>();
            await log.AppendAsync(id, new SectionChanged(0, "Warm-up"), RoomActor.Interviewer, null, CancellationToken.None);
            // Just under the threshold: not idle. Just over it: idle, so from the start the skip lands on moment 3, not the end (4).
            app.Time.Advance(ReplayMoments.IdleStretch - second);
            await log.AppendAsync(id, new SectionChanged(1, "Main Problem"), RoomActor.Interviewer, null, CancellationToken.None);
            app.Time.Advance(ReplayMoments.IdleStretch + second);
            await log.AppendAsync(id, new SectionChanged(2, "Your questions"), RoomActor.Interviewer, null, CancellationToken.None);
            await log.AppendAsync(id, new NoteAdded("Asked about the team", null, "Ada Interviewer"), RoomActor.Interviewer, null, CancellationToken.None);
            return 0;
        });
        var client = await app.SignedInClientAsync(world.InterviewerOnA);

        var page = await client.GetStringAsync($"/interviews/{id}/replay?at=1");

        Assert.Contains($"href=\"/interviews/{id}/replay?at=3\" data-step=\"skip\">Skip the idle stretch", page, StringComparison.Ordinal);
        Assert.Contains($"data-idle-ms=\"{(long)ReplayMoments.IdleStretch.TotalMilliseconds}\"", page, StringComparison.Ordinal);
    }

    private static JsonElement Moments(string page) =>
        JsonDocument.Parse(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "data-moments=\"([^\"]*)\"").Groups[1].Value)).RootElement;
}
