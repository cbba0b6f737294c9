using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>Limits per connection: a clear error to the sender only, and a room that goes on for the others.</summary>
public sealed partial class PadLimitTests
{
    [GeneratedRegex("\"target\":\"CursorMoved\"")]
    private static partial Regex CursorMovedMessage();

    [Fact]
    public async Task FloodingConnection_GetsRefusals_WhileThePeersEditsStillArrive()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (flooder, _) = await OpenCandidatePadAsync(app, world);
        var (peer, _) = await OpenInterviewerPadAsync(app, world);
        await using var _f = flooder;
        await using var _p = peer;
        const int flood = 200;

        // The clock stands still, so the bucket never refills during the flood: exactly a burst
        // (less the two tokens the flooder spent joining the room and opening the pad) gets through, whatever the timing.
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, flood).Select(async _ =>
        {
            try
            {
                await flooder.Hub.InvokeAsync("MoveCursor", 0, 0, 0);
                return null;
            }
            catch (HubException e)
            {
                refused.TrySetResult();
                return e.Message;
            }
        }).ToList();

        // The peer edits once the flooder is being refused, while the rest of its flood is still on the way.
        await refused.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var peersEdit = NextAsync<IReadOnlyList<PadUpdateMessage>>(flooder.Hub, "PadUpdated");
        var pushed = await PushAsync(peer.Hub, 0, "[[0,\"still here\"]]");
        var outcomes = await Task.WhenAll(calls);

        Assert.True(pushed.Accepted, pushed.Problem);
        Assert.Equal("still here", (await peer.Hub.InvokeAsync<PadOpened>("OpenPad")).Text);
        Assert.Equal(0, Assert.Single(await peersEdit).Version);
        var refusals = outcomes.Where(o => o is not null).ToList();
        Assert.Equal(flood - (ConnectionRateLimit.Burst - 2), refusals.Count);
        Assert.All(refusals, r => Assert.Contains(ConnectionRateLimit.Refusal, r, StringComparison.Ordinal));
        // The room did work for the flooder's accepted calls only, and the refusals went to the flooder alone.
        Assert.Equal(ConnectionRateLimit.Burst - 2, CursorMovedMessage().Count(peer.Received));
        Assert.DoesNotContain("Too many messages", peer.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedConnection_IsServedAgainOnceItsBucketRefills()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;
        // Joining the room and opening the pad took two of the burst.
        for (var i = 2; i < ConnectionRateLimit.Burst; i++)
        {
            await candidate.Hub.InvokeAsync("MoveCursor", 0, 0, 0);
        }

        await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync("MoveCursor", 0, 0, 0));
        app.Time.Advance(TimeSpan.FromSeconds(1));

        for (var i = 0; i < ConnectionRateLimit.PerSecond; i++)
        {
            await candidate.Hub.InvokeAsync("MoveCursor", 0, 0, 0);
        }

        await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync("MoveCursor", 0, 0, 0));
    }

    [Fact]
    public async Task PasteUpToThePadsLimit_FitsInOneMessage_AndOneOverItIsRefusedToTheSenderOnly()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        var (interviewer, _) = await OpenInterviewerPadAsync(app, world);
        await using var _c = candidate;
        await using var _i = interviewer;
        // Quotes are escaped in JSON, so this paste is well over the app's usual 64 KB message limit.
        var paste = new string('"', RoomHub.MaxDocumentLength);

        var full = await PushAsync(candidate.Hub, 0, $"[[0,\"{paste.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]]");
        var over = await PushAsync(candidate.Hub, 1, $"[{RoomHub.MaxDocumentLength},[0,\"!\"]]");
        var reopened = await interviewer.Hub.InvokeAsync<PadOpened>("OpenPad");

        Assert.True(full.Accepted, full.Problem);
        Assert.False(over.Accepted);
        Assert.Equal("The pad is limited to 200,000 characters.", over.Problem);
        Assert.Equal((1, RoomHub.MaxDocumentLength), (reopened.Version, reopened.Text.Length));
        Assert.DoesNotContain("limited to", interviewer.Received, StringComparison.Ordinal);
    }
}
