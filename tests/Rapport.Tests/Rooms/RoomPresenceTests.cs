using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>
/// Who is in the room, on both sides, live on join and leave; and what of it crosses the wire to
/// the candidate's connection: display names and roles, nothing else.
/// </summary>
public sealed class RoomPresenceTests
{
    private static bool Lists(IReadOnlyList<PresentPersonView> present, params (string Name, string Role)[] expected) =>
        present.Select(p => (p.Name, p.Role)).SequenceEqual(expected);

    /// <summary>What the page asks when news of someone came while its own join was on its way (room.ts): the room as it is now, and only its own room.</summary>
    [Fact]
    public async Task WhoIsHere_ListsTheConnectionsOwnRoomAsItIsNow()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", world.InterviewA.Interview.Id);
        await using var elsewhere = await RoomConnection.OpenAsync(app, candidateToken: world.TokenB);
        await elsewhere.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");

        var seenByCandidate = await candidate.Hub.InvokeAsync<IReadOnlyList<PresentPersonView>>("WhoIsHere");
        var seenElsewhere = await elsewhere.Hub.InvokeAsync<IReadOnlyList<PresentPersonView>>("WhoIsHere");

        Assert.True(Lists(seenByCandidate, ("Alice Candidate", "candidate"), ("Ada Interviewer", "interviewer")), string.Join(", ", seenByCandidate));
        Assert.Equal(["candidate"], seenElsewhere.Select(p => p.Role));
        Assert.DoesNotContain(seenElsewhere, p => p.Name is "Alice Candidate" or "Ada Interviewer");
    }

    [Fact]
    public async Task Presence_ReachesTheCandidateOnJoinAndLeave_CarryingDisplayNamesAndRolesOnly()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        var alone = await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");

        var interviewerArrives = NextAsync<IReadOnlyList<PresentPersonView>>(candidate.Hub, "PresenceChanged", p => p.Count == 2);
        var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        var panelView = await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        var withInterviewer = await interviewerArrives;
        var interviewerLeaves = NextAsync<IReadOnlyList<PresentPersonView>>(candidate.Hub, "PresenceChanged", p => p.Count == 1);
        await interviewer.DisposeAsync();
        var afterLeaving = await interviewerLeaves;

        Assert.True(Lists(alone.Present, ("Alice Candidate", "candidate")), string.Join(", ", alone.Present));
        Assert.Equal(world.InterviewA.Interview.ScheduledAt, alone.PlannedStart);
        Assert.True(Lists(withInterviewer, ("Alice Candidate", "candidate"), ("Ada Interviewer", "interviewer")), string.Join(", ", withInterviewer));
        Assert.True(Lists(panelView.Present, ("Alice Candidate", "candidate"), ("Ada Interviewer", "interviewer")), string.Join(", ", panelView.Present));
        Assert.True(Lists(afterLeaving, ("Alice Candidate", "candidate")), string.Join(", ", afterLeaving));

        // On the wire, not only as the client library parsed it: every presence message the candidate
        // received has people with exactly a name and a role, and no account detail anywhere.
        var presenceMessages = Messages(candidate.Received).Where(m => m.TryGetProperty("target", out var t) && t.GetString() == "PresenceChanged").ToList();
        Assert.Equal(2, presenceMessages.Count);
        foreach (var person in presenceMessages.SelectMany(m => m.GetProperty("arguments")[0].EnumerateArray()))
        {
            Assert.Equal(["name", "role"], person.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }

        foreach (var secret in new[] { world.InterviewerOnA.Email, world.InterviewerOnA.Id })
        {
            Assert.DoesNotContain(secret, candidate.Received, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task TheCandidateArriving_ReachesThePanelAlreadyInTheRoom()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        var alone = await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", world.InterviewA.Interview.Id);

        var candidateArrives = NextAsync<IReadOnlyList<PresentPersonView>>(interviewer.Hub, "PresenceChanged");
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        var withCandidate = await candidateArrives;

        Assert.True(Lists(alone.Present, ("Ada Interviewer", "interviewer")), string.Join(", ", alone.Present));
        Assert.True(Lists(withCandidate, ("Alice Candidate", "candidate"), ("Ada Interviewer", "interviewer")), string.Join(", ", withCandidate));
    }

    [Fact]
    public async Task CandidateWithTwoTabs_IsInTheRoomOnce_AndStaysWhileOneTabIsOpen()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await using var firstTab = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await firstTab.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        var secondTab = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        var both = await secondTab.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");

        var tabClosed = NextAsync<IReadOnlyList<PresentPersonView>>(interviewer.Hub, "PresenceChanged");
        await secondTab.DisposeAsync();
        var afterOneTab = await tabClosed;
        var candidateGone = NextAsync<IReadOnlyList<PresentPersonView>>(interviewer.Hub, "PresenceChanged", p => p.Count == 1);
        await firstTab.DisposeAsync();
        var afterBoth = await candidateGone;

        Assert.True(Lists(both.Present, ("Alice Candidate", "candidate"), ("Ada Interviewer", "interviewer")), string.Join(", ", both.Present));
        Assert.True(Lists(afterOneTab, ("Alice Candidate", "candidate"), ("Ada Interviewer", "interviewer")), string.Join(", ", afterOneTab));
        Assert.True(Lists(afterBoth, ("Ada Interviewer", "interviewer")), string.Join(", ", afterBoth));
    }

    [Fact]
    public async Task RevealedHint_IsFromYourInterviewer_LiveAndAfterAReload_NeverByAccountName()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        await interviewer.Hub.InvokeAsync("MoveToSection", id, 1);
        await interviewer.Hub.InvokeAsync("ChooseQuestion", id, 1, "two-sum");

        var live = NextAsync<RevealedHintView>(candidate.Hub, "HintRevealed");
        await interviewer.Hub.InvokeAsync("RevealHint", id, "two-sum", 1);
        var liveHint = await live;
        await using var reloaded = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        var reloadedHint = Assert.Single((await reloaded.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate")).Hints);

        Assert.Equal("your interviewer", liveHint.From);
        Assert.Equal(liveHint.From, reloadedHint.From);
        Assert.Equal(liveHint.Text, reloadedHint.Text);
    }

    /// <summary>The SignalR JSON protocol's records (separated by 0x1E) that the captured text holds.</summary>
    private static IEnumerable<JsonElement> Messages(string received)
    {
        foreach (var record in received.Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
        {
            // A long poll's body may start with the negotiation's JSON; a message starts at its "type".
            var start = record.IndexOf("{\"type\":", StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            JsonElement message;
            try
            {
                message = JsonDocument.Parse(record[start..]).RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }

            yield return message;
        }
    }
}
