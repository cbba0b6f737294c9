using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Rooms;
using Rapport.Features.Runs;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>Run in the room, through the real sandbox: output to both sides, results on the log, a record of every run.</summary>
public sealed class RoomRunTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    private sealed record Room(RapportTestApp App, InterviewWorld World, RoomConnection Interviewer, RoomConnection Candidate) : IAsyncDisposable
    {
        public Guid Id => World.InterviewA.Interview.Id;

        public async ValueTask DisposeAsync()
        {
            await Interviewer.DisposeAsync();
            await Candidate.DisposeAsync();
            await App.DisposeAsync();
        }
    }

    private static async Task<Room> OpenAsync(string provider = TestStorage.Sqlite)
    {
        var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", world.InterviewA.Interview.Id);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        return new Room(app, world, interviewer, candidate);
    }

    private static Task<T> Next<T>(HubConnection hub, string method) => NextAsync<T>(hub, method, timeout: TimeSpan.FromSeconds(60));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Run_StreamsOutputToBothSides_LogsItAndRecordsTheRun(string provider)
    {
        await using var room = await OpenAsync(provider);
        const string code = "import sys\nprint('hello from the pad')\nprint('a warning', file=sys.stderr)\n";
        await WritePadAsync(room.App, room.World.TokenA, code);
        var candidateOutput = Next<RunOutputView>(room.Candidate.Hub, "RunOutput");
        var interviewerFinished = Next<RunFinishedView>(room.Interviewer.Hub, "RunFinished");
        var candidateFinished = Next<RunFinishedView>(room.Candidate.Hub, "RunFinished");

        var started = await room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", null);

        Assert.Equal("Alice Candidate", started.By);
        var finished = await interviewerFinished;
        Assert.Equal((started.RunId, "Ok"), (finished.RunId, finished.Verdict));
        Assert.Equal("hello from the pad\n", finished.Stdout);
        Assert.Contains("a warning", finished.Stderr, StringComparison.Ordinal);
        Assert.Equal(finished.Stdout, (await candidateFinished).Stdout);
        var streamed = await candidateOutput;
        Assert.Equal(started.RunId, streamed.RunId);
        Assert.True(streamed.Text.Contains("hello from the pad", StringComparison.Ordinal) || streamed.Text.Contains("a warning", StringComparison.Ordinal), streamed.Text);

        await RunsSettledAsync(room.App, room.Id);
        var (events, record) = await room.App.InScopeAsync(async s =>
        {
            var log = await s.GetRequiredService<RoomLog>().ReadAsync(room.Id, RoomAudience.Everyone, CancellationToken.None);
            return (log, await s.GetRequiredService<AppDbContext>().CodeRuns.SingleAsync());
        });
        var start = events.Select(e => e.Payload).OfType<CodeRunStarted>().Single();
        var result = events.Select(e => e.Payload).OfType<CodeRunFinished>().Single();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
        Assert.Equal((started.RunId, "python", hash, "Alice Candidate"), (start.RunId, start.Language, start.CodeSha256, start.By));
        Assert.Equal((started.RunId, "Ok", "hello from the pad\n"), (result.RunId, result.Verdict, result.Stdout));

        Assert.Equal((RunOrigin.Room, room.Id, "candidate", "python", hash, "Ok", 0), (record.Origin, record.InterviewId, record.RequestedBy, record.Language, record.CodeSha256, record.Verdict, record.ExitCode));
        Assert.StartsWith("Python 3", record.LanguageVersion, StringComparison.Ordinal);
        Assert.Contains("\"cpuMs\":2000", record.Limits, StringComparison.Ordinal);
        Assert.True(record.WallMilliseconds > 0 && record.TotalMilliseconds >= record.WallMilliseconds, $"{record.WallMilliseconds} / {record.TotalMilliseconds}");

        // Operators see it on the admin's page of runs.
        var page = await (await room.App.SignedInClientAsync(room.World.Admin)).GetStringAsync("/runs");
        Assert.Contains("Isolation works: Run is on in every room.", page, StringComparison.Ordinal);
        Assert.Contains(hash[..12], page, StringComparison.Ordinal);
        Assert.Matches(@"<th scope=""row"">python</th>\s*<td>1</td>", page);
    }

    [Fact]
    public async Task RunAfterAnError_ShowsTheCandidatesLine()
    {
        await using var room = await OpenAsync();
        await WritePadAsync(room.App, room.World.TokenA, "def ratio(a, b):\n    return a / b\n\nprint(ratio(1, 0))\n");
        var finished = Next<RunFinishedView>(room.Interviewer.Hub, "RunFinished");

        await room.Interviewer.Hub.InvokeAsync<RunStartedView>("Run", room.Id, "python", null);

        var result = await finished;
        Assert.Equal("RuntimeError", result.Verdict);
        Assert.Contains("ZeroDivisionError on line 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuestionTests_ShowVisibleCasesInFull_AndNeverSendAHiddenCasesInputOrExpectedValue()
    {
        await using var room = await OpenAsync();
        // Right on the visible example, wrong on the hidden case with duplicates.
        await WritePadAsync(room.App, room.World.TokenA, "def two_sum(numbers, target):\n    print('debugging')\n    return [0, 1]\n");
        // Not before the interviewer has given the candidate this question.
        var early = await Assert.ThrowsAsync<HubException>(() => room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", "two-sum"));
        Assert.Contains("That question has no tests to run.", early.Message, StringComparison.Ordinal);
        await room.Interviewer.Hub.InvokeAsync("ChooseQuestion", room.Id, 1, "two-sum");
        var finished = Next<RunFinishedView>(room.Candidate.Hub, "RunFinished");

        await room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", "two-sum");

        var result = await finished;
        Assert.Equal("TestsFailed", result.Verdict);
        Assert.Equal("1 of 2 tests passed. The visible tests below show what was expected; hidden tests only say whether they passed.", result.Message);
        var example = Assert.Single(result.Tests, t => t.Name == "example");
        Assert.Equal((true, true, "two_sum([2, 7, 11, 15], 9)", "[0,1]"), (example.Visible, example.Passed, example.Call, example.Expected?.Replace(" ", "", StringComparison.Ordinal)));
        var hidden = Assert.Single(result.Tests, t => t.Name == "duplicates");
        Assert.Equal((false, false, null, null, null), (hidden.Visible, hidden.Passed, hidden.Call, hidden.Expected, hidden.Actual));
        Assert.Contains("hidden", hidden.Message, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);

        await RunsSettledAsync(room.App, room.Id);
        // The interviewer's panel holds the whole question, hidden tests included; the candidate's wire never does.
        Assert.Contains("two_sum([2, 7, 11, 15], 9)", room.Candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("31337", room.Candidate.Received, StringComparison.Ordinal);
        // What the candidate's function printed during a test is the harness's business, not shown.
        Assert.DoesNotContain("debugging", room.Candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("debugging", room.Interviewer.Received, StringComparison.Ordinal);

        var record = await room.App.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CodeRuns.SingleAsync());
        Assert.Equal(("two-sum", 1, 2), (record.QuestionId, record.TestsPassed, record.TestsTotal));
    }

    [Fact]
    public async Task QuestionTests_PassWithTheReferenceSolution_AndReportAnEndlessLoopPerCase()
    {
        await using var room = await OpenAsync();
        await WritePadAsync(room.App, room.World.TokenA, "def two_sum(numbers, target):\n    seen = {}\n    for i, n in enumerate(numbers):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n");
        await room.Interviewer.Hub.InvokeAsync("ChooseQuestion", room.Id, 1, "two-sum");
        var passed = Next<RunFinishedView>(room.Candidate.Hub, "RunFinished");
        await room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", "two-sum");
        Assert.Equal(("Ok", "All 2 tests passed."), ((await passed).Verdict, (await passed).Message));
        await RunsSettledAsync(room.App, room.Id);

        await WritePadAsync(room.App, room.World.TokenA, "def two_sum(numbers, target):\n    while True:\n        pass\n");
        var looped = Next<RunFinishedView>(room.Candidate.Hub, "RunFinished");
        await room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", "two-sum");
        var result = await looped;
        Assert.Equal("TestsFailed", result.Verdict);
        Assert.All(result.Tests, t => Assert.Contains("processor time", t.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_RefusesWhatCannotRun_WithAClearMessage_AndOneRunAtATime()
    {
        await using var room = await OpenAsync();

        var empty = await Assert.ThrowsAsync<HubException>(() => room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", null));
        Assert.Contains("The pad is empty", empty.Message, StringComparison.Ordinal);

        await WritePadAsync(room.App, room.World.TokenA, "import time\ntime.sleep(1.5)\nprint('done')\n");
        var ruby = await Assert.ThrowsAsync<HubException>(() => room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "ruby", null));
        Assert.Contains("'ruby' cannot be run in this interview. Choose one of: Python", ruby.Message, StringComparison.Ordinal);
        // The kit offers Python only: JavaScript runs in the sandbox, but not in this interview.
        var javascript = await Assert.ThrowsAsync<HubException>(() => room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "javascript", null));
        Assert.Contains("'javascript' cannot be run", javascript.Message, StringComparison.Ordinal);
        var noTests = await Assert.ThrowsAsync<HubException>(() => room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", "no-such-question"));
        Assert.Contains("That question has no tests to run.", noTests.Message, StringComparison.Ordinal);

        var finished = Next<RunFinishedView>(room.Candidate.Hub, "RunFinished");
        await room.Candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", null);
        var second = await Assert.ThrowsAsync<HubException>(() => room.Interviewer.Hub.InvokeAsync<RunStartedView>("Run", room.Id, "python", null));
        Assert.Contains("already running", second.Message, StringComparison.Ordinal);
        Assert.Equal("done\n", (await finished).Stdout);
        await RunsSettledAsync(room.App, room.Id);
        Assert.Equal(1, await room.App.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CodeRuns.CountAsync()));
    }

    [Fact]
    public async Task SwitchedOff_RunIsRefusedWithTheReason_AndNothingRuns()
    {
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, "--Sandbox:Enabled=false");
        var world = await InterviewWorld.CreateAsync(app);
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        await WritePadAsync(app, world.TokenA, "print('hi')");

        var refused = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", null));

        Assert.Contains(SandboxRuntime.Disabled, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CodeRuns.CountAsync()));
        var page = await app.CreateClient().GetStringAsync($"/c/{world.TokenA}/room");
        Assert.Contains("Running code is switched off on this server", page, StringComparison.Ordinal);
        Assert.Contains("data-run-available=\"false\"", page, StringComparison.Ordinal);
    }
}
