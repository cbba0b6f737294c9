using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

public sealed class PadCursorTests
{
    [Fact]
    public async Task StaleCursor_IsMappedOverTheEditsItMissed_AndReachesTheOtherSideWithNameAndColour()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (interviewer, _) = await OpenInterviewerPadAsync(app, world);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _i = interviewer;
        await using var _c = candidate;
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"hello world\"]]")).Accepted);
        // The candidate inserts before "world" while the interviewer, still at version 1, selects it.
        Assert.True((await PushAsync(candidate.Hub, 1, "[[0,\"say \"],11]")).Accepted);

        var seen = NextAsync<PadCursorView>(candidate.Hub, "CursorMoved");
        await interviewer.Hub.InvokeAsync("MoveCursor", 1, 6, 11);
        var cursor = await seen;

        Assert.Equal((2, 10, 15), (cursor.Version, cursor.Anchor, cursor.Head));
        Assert.Equal("Ada Interviewer", cursor.Name);
        Assert.InRange(cursor.Colour, 1, RoomMember.Palette - 1);
        Assert.DoesNotContain("CursorMoved", interviewer.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CandidateCursor_HasTheCandidatesName_AndANewcomerSeesItOnOpening_UntilTheCandidateLeaves()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (candidate, opened) = await OpenCandidatePadAsync(app, world);
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"abc\"]]")).Accepted);
        await candidate.Hub.InvokeAsync("MoveCursor", 1, 3, 3);

        var (interviewer, seen) = await OpenInterviewerPadAsync(app, world);
        await using var _i = interviewer;
        var left = NextAsync<string>(interviewer.Hub, "CursorLeft");
        await candidate.DisposeAsync();

        var cursor = Assert.Single(seen.Cursors);
        Assert.Equal(("Alice Candidate", 0, 1, 3, 3), (cursor.Name, cursor.Colour, cursor.Version, cursor.Anchor, cursor.Head));
        Assert.Equal(opened.ClientId, await left);
        Assert.Empty((await interviewer.Hub.InvokeAsync<PadOpened>("OpenPad")).Cursors);
    }

    [Fact]
    public async Task OpeningAgainOnTheSameConnection_RetiresTheOldCursor()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (candidate, first) = await OpenCandidatePadAsync(app, world);
        var (interviewer, _) = await OpenInterviewerPadAsync(app, world);
        await using var _c = candidate;
        await using var _i = interviewer;
        await candidate.Hub.InvokeAsync("MoveCursor", 0, 0, 0);

        var left = NextAsync<string>(interviewer.Hub, "CursorLeft");
        var second = await candidate.Hub.InvokeAsync<PadOpened>("OpenPad");

        Assert.Equal(first.ClientId, await left);
        Assert.NotEqual(first.ClientId, second.ClientId);
        Assert.Empty((await interviewer.Hub.InvokeAsync<PadOpened>("OpenPad")).Cursors);
    }

    [Fact]
    public async Task CursorSamples_GoIntoTheRoomLog_AtMostOncePerConnectionEveryFewSeconds()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"0123456789\"]]")).Accepted);

        for (var position = 0; position <= 10; position++)
        {
            await candidate.Hub.InvokeAsync("MoveCursor", 1, position, position);
        }

        app.Time.Advance(RoomHub.CursorSampleEvery);
        await candidate.Hub.InvokeAsync("MoveCursor", 1, 2, 7);

        var samples = (await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(world.InterviewA.Interview.Id, RoomAudience.Interviewers, CancellationToken.None)))
            .Select(e => e.Payload).OfType<CursorSampled>().ToList();
        Assert.Equal([(0, 0), (2, 7)], samples.Select(s => (s.Anchor, s.Head)));
        Assert.All(samples, s => Assert.Equal(RoomActor.Candidate, s.By));
    }

    [Fact]
    public async Task CursorOutsideThePad_IsRefusedToTheSender()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;

        var error = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync("MoveCursor", 0, 0, 5));

        Assert.Contains("within the pad (0 to 0 at version 0)", error.Message, StringComparison.Ordinal);
    }
}
