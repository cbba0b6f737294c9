using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>The steps room tests share: open both sides' pads, push an edit, write the pad, wait for a message or for runs.</summary>
public static class RoomTestSteps
{
    public static async Task<(RoomConnection Connection, PadOpened Opened)> OpenInterviewerPadAsync(RapportTestApp app, InterviewWorld world)
    {
        var connection = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        return (connection, await JoinAndOpenPadAsync(connection.Hub, world.InterviewA.Interview.Id));
    }

    public static async Task<(RoomConnection Connection, PadOpened Opened)> OpenCandidatePadAsync(RapportTestApp app, InterviewWorld world)
    {
        var connection = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        return (connection, await JoinAndOpenPadAsync(connection.Hub));
    }

    /// <summary>
    /// Joins the room on this connection, as the panel of <paramref name="interviewId"/> or (without
    /// one) as the candidate of the connection's link, then opens its pad: one connection per person.
    /// </summary>
    public static async Task<PadOpened> JoinAndOpenPadAsync(HubConnection hub, Guid? interviewId = null)
    {
        if (interviewId is { } id)
        {
            await hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        }
        else
        {
            await hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        }

        return await hub.InvokeAsync<PadOpened>("OpenPad");
    }

    public static Task<PadPushed> PushAsync(HubConnection hub, int version, string changesJson) =>
        hub.InvokeAsync<PadPushed>("Push", version, new[] { JsonDocument.Parse(changesJson).RootElement });

    /// <summary>Starts listening now; await the task after the action that should cause the message.</summary>
    public static Task<T> NextAsync<T>(HubConnection hub, string method, Func<T, bool>? where = null, TimeSpan? timeout = null)
    {
        var received = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = hub.On<T>(method, value =>
        {
            if (where?.Invoke(value) ?? true)
            {
                received.TrySetResult(value);
            }
        });
        return Finish();

        async Task<T> Finish()
        {
            using (subscription)
            {
                return await received.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
            }
        }
    }

    /// <summary>Replaces the pad's text with <paramref name="code"/>, as the candidate does (through the room's pad).</summary>
    public static async Task WritePadAsync(RapportTestApp app, string candidateToken, string code)
    {
        await using var pad = await RoomConnection.OpenAsync(app, candidateToken: candidateToken);
        var opened = await RoomTestSteps.JoinAndOpenPadAsync(pad.Hub);
        // CodeMirror's ChangeSet JSON: one replacement [deleted length, ...inserted lines].
        var changes = JsonSerializer.Serialize(new object[] { new object[] { opened.Text.Length }.Concat(code.Split('\n')).ToArray() });
        var pushed = await PushAsync(pad.Hub, opened.Version, changes);
        Assert.True(pushed.Accepted, pushed.Problem);
    }

    /// <summary>Completes when the room has no run going: its result is logged and sent.</summary>
    public static Task RunsSettledAsync(RapportTestApp app, Guid interviewId) =>
        app.Services.GetRequiredService<RoomRuns>().WhenIdleAsync(interviewId).WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>The interviewer starts the main section with the two-sum question, whose starter code is Python; in interview B with <paramref name="inB"/>.</summary>
    public static async Task ChooseTwoSumAsync(RapportTestApp app, InterviewWorld world, bool inB = false)
    {
        await using var room = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(inB ? world.InterviewerOnB : world.InterviewerOnA));
        var id = (inB ? world.InterviewB : world.InterviewA).Interview.Id;
        await room.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await room.Hub.InvokeAsync("MoveToSection", id, 1);
        await room.Hub.InvokeAsync("ChooseQuestion", id, 1, "two-sum");
    }
}
