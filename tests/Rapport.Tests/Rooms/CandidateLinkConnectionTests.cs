using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>
/// A candidate link that stops working ends the connections it opened, and a link opens only a few
/// at a time. Over WebSockets, as a browser connects: authenticated once, when the socket opens,
/// so nothing but the server's own bookkeeping can end a connection whose link was withdrawn.
/// </summary>
public sealed class CandidateLinkConnectionTests
{
    private const string NoLongerValid = "This link is no longer valid. If you think this is a mistake, contact the person who invited you.";
    private const int TabsPerLink = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>What the server says before it closes a connection (the test's own copy of the contract).</summary>
    private sealed record Ended(string Reason, string Message);

    [Fact]
    public async Task WithdrawnLink_EndsTheCandidatesConnectionAtOnce_AndNothingSentAfterwardReachesThePad()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var scene = await BothSidesInTheRoomAsync(app, world);
        var (candidate, opened) = (scene.Candidate, scene.Opened);
        // The moment the page hears of the end, it tries one more edit: it must not land.
        var lateEdit = candidate.Ended.ContinueWith(_ => PushAsync(candidate.Connection.Hub, opened.Version, "[[0,\"sent after the end\"]]"), TaskScheduler.Default).Unwrap();

        var withdraw = await (await app.SignedInClientAsync(world.Coordinator)).DeleteAsync($"/api/interviews/{id}/candidate-link");

        Assert.Equal(HttpStatusCode.NoContent, withdraw.StatusCode);
        Assert.Equal(new Ended("link-withdrawn", NoLongerValid), await candidate.Ended.WaitAsync(Patience));
        await candidate.Closed.WaitAsync(Patience);
        Assert.Equal(HubConnectionState.Disconnected, candidate.Connection.Hub.State);

        await Assert.ThrowsAnyAsync<Exception>(() => lateEdit.WaitAsync(Patience));
        await AssertRefusedAsync(app, world.TokenA);
        await AssertPanelGoesOnAsync(world, scene.Interviewer, "");
    }

    [Fact]
    public async Task EndInterview_ClosesTheCandidatesRoom_WithAKindWordOnWhatComesNext_WhileTheirPageStillOpens()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var scene = await BothSidesInTheRoomAsync(app, world);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        Assert.Equal("in-progress", (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{id}"))!.Status);

        var heard = new TaskCompletionSource<InterviewEndedView>(TaskCreationOptions.RunContinuationsAsynchronously);
        scene.Interviewer.Hub.On<InterviewEndedView>("InterviewEnded", e => heard.TrySetResult(e));

        await scene.Interviewer.Hub.InvokeAsync("EndInterview", id);

        Assert.Equal(new Ended("interview-ended", CandidateConnections.EndedMessage), await scene.Candidate.Ended.WaitAsync(Patience));
        await scene.Candidate.Closed.WaitAsync(Patience);

        // The panel hears of it, with where to write the scorecard; a second End (two of the panel at once) is no error.
        var ended = await heard.Task.WaitAsync(Patience);
        Assert.Equal($"/interviews/{id}/scorecard", ended.ScorecardUrl);
        Assert.Equal("Ada Interviewer", ended.By);
        await scene.Interviewer.Hub.InvokeAsync("EndInterview", id);
        var interview = (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{id}"))!;
        Assert.Equal("ended", interview.Status);
        Assert.NotNull(interview.EndedAt);
        var changes = (await coordinator.GetFromJsonAsync<List<InterviewChangeResponse>>($"/api/interviews/{id}/changes"))!;
        Assert.Equal(["planned", "started", "ended"], changes.Select(c => c.Kind));
        Assert.Equal("Ada Interviewer", changes[^1].By);

        // The link still opens the candidate's page (their feedback comes there), but not the room or the pad.
        var page = await app.CreateClient().GetStringAsync($"/c/{world.TokenA}");
        Assert.Contains("It has ended, and here is what happens next.", page, StringComparison.Ordinal);
        // A reload at once is told the same and closed; later, the room and its pad refuse it with the same words.
        var reload = await ConnectAsync(app, world.TokenA);
        await using (reload.Connection)
        {
            Assert.Equal(new Ended("interview-ended", CandidateConnections.EndedMessage), await reload.Ended.WaitAsync(Patience));
        }

        app.Time.Advance(TimeSpan.FromMinutes(3));
        await using (var later = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA, transport: HttpTransportType.WebSockets))
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => later.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate"));
            Assert.Contains(CandidateConnections.EndedMessage, refused.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<HubException>(() => later.Hub.InvokeAsync("RecordFact", "tab-hidden", "after the end"));
            await Assert.ThrowsAsync<HubException>(() => later.Hub.InvokeAsync<PadOpened>("OpenPad"));
        }

        await AssertPanelGoesOnAsync(world, scene.Interviewer, "");
    }

    [Fact]
    public async Task CancellingAPlannedInterview_ClosesTheWaitingCandidatesRoom_AndThePanelCannotStartIt()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        // The candidate came early: they are in the room, the panel is not.
        var (candidate, _) = await CandidateInTheRoomAsync(app, world.TokenA);
        await using var _c = candidate.Connection;

        var cancelled = await (await app.SignedInClientAsync(world.Coordinator)).PostAsJsonAsync($"/api/interviews/{id}/cancel", new CancelRequest("The candidate asked to move to next month."));

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<InterviewResponse>())!.Status);
        Assert.Equal(new Ended("interview-cancelled", CandidateConnections.CancelledMessage), await candidate.Ended.WaitAsync(Patience));
        await candidate.Closed.WaitAsync(Patience);

        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA), transport: HttpTransportType.WebSockets);
        var refused = await Assert.ThrowsAsync<HubException>(() => interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id));
        Assert.Contains("cancelled", refused.Message, StringComparison.Ordinal);
        // Not admitted, so not the panel of this room: ending it is refused before the interview is even looked at.
        var refusedEnd = await Assert.ThrowsAsync<HubException>(() => interviewer.Hub.InvokeAsync("EndInterview", id));
        Assert.EndsWith(RoomAccess.NotThePanel, refusedEnd.Message, StringComparison.Ordinal);
        Assert.Contains("has been cancelled", await app.CreateClient().GetStringAsync($"/c/{world.TokenA}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewLink_EndsTheOldLinksConnections_WhileTheNewOneOpensTheRoom()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var scene = await BothSidesInTheRoomAsync(app, world);
        var candidate = scene.Candidate;

        var reissue = await (await app.SignedInClientAsync(world.Coordinator)).PostAsync($"/api/interviews/{id}/candidate-link", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.OK, reissue.StatusCode);
        var newToken = InterviewWorld.TokenOf((await reissue.Content.ReadFromJsonAsync<CandidateLinkIssuedResponse>())!.Url);
        var ended = await candidate.Ended.WaitAsync(Patience);
        Assert.Equal("link-replaced", ended.Reason);
        Assert.Contains("replaced by a newer one", ended.Message, StringComparison.Ordinal);
        await candidate.Closed.WaitAsync(Patience);

        await AssertRefusedAsync(app, world.TokenA);
        var (newCandidate, _) = await CandidateInTheRoomAsync(app, newToken);
        await using var _n = newCandidate.Connection;
        Assert.Equal(HubConnectionState.Connected, newCandidate.Connection.Hub.State);
        await AssertPanelGoesOnAsync(world, scene.Interviewer, "");
    }

    [Fact]
    public async Task ExpiredLink_EndsItsConnectionsWhenTheGracePeriodIsOver_WithoutAnyoneActing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var expiresAt = world.InterviewA.Interview.ScheduledAt.AddMinutes(world.InterviewA.Interview.DurationMinutes) + TimeSpan.FromDays(7);
        app.Time.SetUtcNow(expiresAt - TimeSpan.FromMinutes(1));
        await using var scene = await BothSidesInTheRoomAsync(app, world);
        var (candidate, opened) = (scene.Candidate, scene.Opened);

        app.Time.SetUtcNow(expiresAt - TimeSpan.FromSeconds(1));
        var pushed = await PushAsync(candidate.Connection.Hub, opened.Version, "[[0,\"just in time\"]]");
        Assert.True(pushed.Accepted, pushed.Problem);
        Assert.False(candidate.Ended.IsCompleted);
        app.Time.SetUtcNow(expiresAt);

        var ended = await candidate.Ended.WaitAsync(Patience);
        Assert.Equal("link-expired", ended.Reason);
        Assert.Contains("has expired", ended.Message, StringComparison.Ordinal);
        await candidate.Closed.WaitAsync(Patience);

        await AssertRefusedAsync(app, world.TokenA);
        await AssertPanelGoesOnAsync(world, scene.Interviewer, "just in time");
    }

    [Fact]
    public async Task ExtraTime_KeepsTheLinksConnectionsOpenUntilItsNewEnd()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var interview = world.InterviewA.Interview;
        var expiresAt = interview.ScheduledAt.AddMinutes(interview.DurationMinutes) + TimeSpan.FromDays(7);
        var (candidate, _) = await CandidateInTheRoomAsync(app, world.TokenA);
        await using var _c = candidate.Connection;

        // Half as long again: a 60-minute interview ends 30 minutes later, and its link with it.
        var granted = await (await app.SignedInClientAsync(world.Coordinator)).PutAsJsonAsync($"/api/interviews/{interview.Id}/accommodation", new { extraTimePercent = 50 });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        app.Time.SetUtcNow(expiresAt + TimeSpan.FromMinutes(29));
        Assert.Equal(HubConnectionState.Connected, candidate.Connection.Hub.State);
        Assert.NotNull(await candidate.Connection.Hub.InvokeAsync<IReadOnlyList<PadUpdateMessage>>("Pull", 0));
        app.Time.SetUtcNow(expiresAt + TimeSpan.FromMinutes(30));

        Assert.Equal("link-expired", (await candidate.Ended.WaitAsync(Patience)).Reason);
        await candidate.Closed.WaitAsync(Patience);
    }

    [Fact]
    public async Task FourthConnectionOfALink_IsRefusedClearly_WhileThreeWork_AndStaffAreNotCounted()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var tabs = new List<Watched>();
        try
        {
            for (var i = 0; i < TabsPerLink; i++)
            {
                tabs.Add(await ConnectAsync(app, world.TokenA));
                await JoinAndOpenPadAsync(tabs[^1].Connection.Hub);
            }

            var fourth = await ConnectAsync(app, world.TokenA);
            tabs.Add(fourth);
            var refused = await fourth.Ended.WaitAsync(Patience);
            await fourth.Closed.WaitAsync(Patience);

            Assert.Equal("too-many-connections", refused.Reason);
            Assert.Contains($"already open in {TabsPerLink} tabs or windows", refused.Message, StringComparison.Ordinal);
            Assert.All(tabs[..TabsPerLink], t => Assert.Equal(HubConnectionState.Connected, t.Connection.Hub.State));
            await tabs[0].Connection.Hub.InvokeAsync<PadOpened>("OpenPad");
            // Another interview's link has slots of its own.
            tabs.Add(await ConnectAsync(app, world.TokenB));
            await JoinAndOpenPadAsync(tabs[^1].Connection.Hub);

            var cookies = await app.SignedInCookiesAsync(world.InterviewerOnA);
            for (var i = 0; i <= TabsPerLink; i++)
            {
                var staff = await RoomConnection.OpenAsync(app, cookies, transport: HttpTransportType.WebSockets);
                tabs.Add(new Watched(staff, Task.FromResult(new Ended("", "")), Task.FromResult<Exception?>(null)));
                await JoinAndOpenPadAsync(staff.Hub, world.InterviewA.Interview.Id);
            }
        }
        finally
        {
            foreach (var tab in tabs)
            {
                await tab.Connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ClosingOneOfALinksConnections_FreesItsSlot()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (interviewerPad, _) = await OpenInterviewerPadAsync(app, world);
        await using var _ip = interviewerPad;
        var tabs = new List<(Watched Tab, PadOpened Opened)>();
        for (var i = 0; i < TabsPerLink; i++)
        {
            var tab = await ConnectAsync(app, world.TokenA);
            tabs.Add((tab, await JoinAndOpenPadAsync(tab.Connection.Hub)));
        }

        // The server is done with a closed tab once the others have seen its cursor go.
        var left = NextAsync<string>(interviewerPad.Hub, "CursorLeft", clientId => clientId == tabs[0].Opened.ClientId);
        await tabs[0].Tab.Connection.DisposeAsync();
        await left;
        var again = await ConnectAsync(app, world.TokenA);
        await using var _a = again.Connection;

        Assert.NotNull(await JoinAndOpenPadAsync(again.Connection.Hub));
        Assert.False(again.Ended.IsCompleted);
        foreach (var (tab, _) in tabs.Skip(1))
        {
            await tab.Connection.DisposeAsync();
        }
    }

    /// <summary>A candidate's connection, with why it ended and its close as tasks.</summary>
    private sealed record Watched(RoomConnection Connection, Task<Ended> Ended, Task<Exception?> Closed);

    private static async Task<Watched> ConnectAsync(RapportTestApp app, string token)
    {
        var ended = new TaskCompletionSource<Ended>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = await RoomConnection.OpenAsync(app, candidateToken: token, transport: HttpTransportType.WebSockets, listen: hub =>
        {
            hub.On<Ended>("ConnectionEnded", e => ended.TrySetResult(e));
            hub.Closed += error =>
            {
                closed.TrySetResult(error);
                return Task.CompletedTask;
            };
        });
        return new Watched(connection, ended.Task, closed.Task);
    }

    /// <summary>The candidate in the room, on one connection by their link, with the pad open.</summary>
    private static async Task<(Watched Candidate, PadOpened Opened)> CandidateInTheRoomAsync(RapportTestApp app, string token)
    {
        var candidate = await ConnectAsync(app, token);
        return (candidate, await JoinAndOpenPadAsync(candidate.Connection.Hub));
    }

    /// <summary>The candidate (by the link) and an interviewer of the panel in the room, one connection each; disposing closes both.</summary>
    private sealed record Scene(Watched Candidate, PadOpened Opened, RoomConnection Interviewer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Candidate.Connection.DisposeAsync();
            await Interviewer.DisposeAsync();
        }
    }

    private static async Task<Scene> BothSidesInTheRoomAsync(RapportTestApp app, InterviewWorld world)
    {
        var (candidate, opened) = await CandidateInTheRoomAsync(app, world.TokenA);
        var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA), transport: HttpTransportType.WebSockets);
        await JoinAndOpenPadAsync(interviewer.Hub, world.InterviewA.Interview.Id);
        return new Scene(candidate, opened, interviewer);
    }

    /// <summary>The room no longer lets the link in.</summary>
    private static async Task AssertRefusedAsync(RapportTestApp app, string token)
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => RoomConnection.OpenAsync(app, candidateToken: token, transport: HttpTransportType.WebSockets));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>The panel's connection is untouched: the pad (which holds <paramref name="padText"/>, nothing the candidate sent late) takes their edits, the room their notes.</summary>
    private static async Task AssertPanelGoesOnAsync(InterviewWorld world, RoomConnection interviewer, string padText)
    {
        var id = world.InterviewA.Interview.Id;
        var now = await interviewer.Hub.InvokeAsync<PadOpened>("OpenPad");
        Assert.Equal(padText, now.Text);
        var append = padText.Length == 0 ? "[[0,\"the panel goes on\"]]" : $"[{padText.Length},[0,\" and the panel goes on\"]]";
        var pushed = await PushAsync(interviewer.Hub, now.Version, append);
        Assert.True(pushed.Accepted, pushed.Problem);
        await interviewer.Hub.InvokeAsync("AddNote", id, "The candidate's link ended.", (string?)null);
        Assert.Equal(HubConnectionState.Connected, interviewer.Hub.State);
    }
}
