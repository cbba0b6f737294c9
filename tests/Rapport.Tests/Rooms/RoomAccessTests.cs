using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>
/// One connection per person per room, admitted once (RoomAccess): every later call is held to the
/// room and role the connection joined with, and staff access that ends is noticed within a minute.
/// Over WebSockets, as a browser connects: authenticated once, when the socket opens.
/// </summary>
public sealed class RoomAccessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SignedOutInterviewer_LosesTheRoomOnTheFirstCallAfterAMinute_AndHearsNothingMore()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var cookies = await app.SignedInCookiesAsync(world.InterviewerOnA);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<ConnectionEndedView>(TaskCreationOptions.RunContinuationsAsynchronously);
        var heard = new List<string>();
        await using var interviewer = await RoomConnection.OpenAsync(app, cookies, transport: HttpTransportType.WebSockets, listen: hub =>
        {
            hub.On<IReadOnlyList<PadUpdateMessage>>("PadUpdated", updates => { lock (heard) { heard.AddRange(updates.Select(u => u.Changes.GetRawText())); } });
            hub.On<ConnectionEndedView>("ConnectionEnded", e => ended.TrySetResult(e));
            hub.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
        });
        var opened = await JoinAndOpenPadAsync(interviewer.Hub, id);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;

        // Signing out everywhere changes the account's security stamp; the socket stays open until the room next looks.
        var signedOut = await app.CreateClient(cookies).PostFormAsync("/account/logout", handler: null, [], tokenPage: "/");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedOut.StatusCode);
        app.Time.Advance(RoomAccess.RecheckAfter);

        // The call is refused, the page is told why, and the connection closes: the edit never lands.
        await Assert.ThrowsAnyAsync<Exception>(() => PushAsync(interviewer.Hub, opened.Version, "[[0,\"after signing out\"]]"));
        Assert.Equal(RoomAccess.AccessEnded, (await ended.Task.WaitAsync(Patience)).Reason);
        await closed.Task.WaitAsync(Patience);
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"the candidate goes on\"]]")).Accepted);
        var pad = await candidate.Hub.InvokeAsync<PadOpened>("OpenPad");
        Assert.Equal("the candidate goes on", pad.Text);
        lock (heard)
        {
            Assert.Empty(heard);
        }
    }

    [Fact]
    public async Task InterviewerStillOnThePanel_IsConfirmedAfterAMinute_AndGoesOn()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (interviewer, opened) = await OpenInterviewerPadAsync(app, world);
        await using var _i = interviewer;

        app.Time.Advance(RoomAccess.RecheckAfter * 3);

        Assert.True((await PushAsync(interviewer.Hub, opened.Version, "[[0,\"still mine\"]]")).Accepted);
        await interviewer.Hub.InvokeAsync("AddNote", world.InterviewA.Interview.Id, "Confirmed again, still here.", (string?)null);
    }

    [Fact]
    public async Task PanelCalls_NameOnlyTheJoinedRoom_EvenForACoordinatorWhoMayOpenEveryRoom()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await using var coordinator = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.Coordinator));
        await coordinator.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", world.InterviewA.Interview.Id);

        foreach (var call in new Func<Task>[]
        {
            () => coordinator.Hub.InvokeAsync("AddNote", world.InterviewB.Interview.Id, "a note for another room", (string?)null),
            () => coordinator.Hub.InvokeAsync("MoveToSection", world.InterviewB.Interview.Id, 1),
            () => coordinator.Hub.InvokeAsync("EndInterview", world.InterviewB.Interview.Id),
        })
        {
            var refused = await Assert.ThrowsAsync<HubException>(call);
            Assert.EndsWith(RoomAccess.NotThePanel, refused.Message, StringComparison.Ordinal);
        }

        // Interview B's room heard of none of it: nothing is in its log.
        var events = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(world.InterviewB.Interview.Id, RoomAudience.Interviewers, CancellationToken.None));
        Assert.Empty(events);
    }

    [Fact]
    public async Task JoiningAnotherRoom_LeavesTheFirstRoomsPadAndGroups_OnTheSameConnection()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (a, b) = (world.InterviewA.Interview.Id, world.InterviewB.Interview.Id);
        var heard = new List<string>();
        await using var coordinator = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.Coordinator), listen: hub =>
            hub.On<IReadOnlyList<PadUpdateMessage>>("PadUpdated", updates => { lock (heard) { heard.AddRange(updates.Select(u => u.Changes.GetRawText())); } }));
        var inA = await JoinAndOpenPadAsync(coordinator.Hub, a);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;

        var cursorGone = NextAsync<string>(candidate.Hub, "CursorLeft", clientId => clientId == inA.ClientId);
        var presence = NextAsync<IReadOnlyList<PresentPersonView>>(candidate.Hub, "PresenceChanged");
        await coordinator.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", b);

        await cursorGone;
        Assert.Equal(["candidate"], (await presence).Select(p => p.Role));
        var notOpen = await Assert.ThrowsAsync<HubException>(() => PushAsync(coordinator.Hub, 0, "[[0,\"meant for A\"]]"));
        Assert.EndsWith(RoomAccess.PadNotOpen, notOpen.Message, StringComparison.Ordinal);
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"only for A\"]]")).Accepted);
        var inB = await coordinator.Hub.InvokeAsync<PadOpened>("OpenPad");
        Assert.Equal((0, ""), (inB.Version, inB.Text));
        Assert.True((await PushAsync(coordinator.Hub, 0, "[[0,\"in B\"]]")).Accepted);
        Assert.Equal("only for A", (await candidate.Hub.InvokeAsync<PadOpened>("OpenPad")).Text);
        lock (heard)
        {
            Assert.DoesNotContain(heard, h => h.Contains("only for A", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task PadCalls_BeforeJoiningOrOpening_AreRefusedForThat()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);

        var notJoined = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<PadOpened>("OpenPad"));
        var pullNotJoined = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<IReadOnlyList<PadUpdateMessage>>("Pull", 0));
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        var notOpen = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<IReadOnlyList<PadUpdateMessage>>("Pull", 0));

        Assert.EndsWith(RoomAccess.NotJoined, notJoined.Message, StringComparison.Ordinal);
        Assert.EndsWith(RoomAccess.NotJoined, pullNotJoined.Message, StringComparison.Ordinal);
        Assert.EndsWith(RoomAccess.PadNotOpen, notOpen.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await candidate.Hub.InvokeAsync<PadOpened>("OpenPad")).Version);
    }
}
