using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>Puts code in a pad the way a candidate does (through the pad hub), and waits for runs to finish.</summary>
public static class Pads
{
    /// <summary>Replaces the pad's text with <paramref name="code"/>, as the candidate.</summary>
    public static async Task WriteAsync(RapportTestApp app, string candidateToken, string code)
    {
        await using var pad = await RoomConnection.OpenAsync(app, candidateToken: candidateToken, path: PadHub.Path);
        var opened = await pad.Hub.InvokeAsync<PadOpened>("OpenAsCandidate");
        // CodeMirror's ChangeSet JSON: one replacement [deleted length, ...inserted lines].
        var changes = JsonSerializer.SerializeToElement(new object[] { new object[] { opened.Text.Length }.Concat(code.Split('\n')).ToArray() });
        var pushed = await pad.Hub.InvokeAsync<PadPushed>("Push", opened.Version, new[] { changes });
        Assert.True(pushed.Accepted, pushed.Problem);
    }

    public static Task RunsSettledAsync(RapportTestApp app, Guid interviewId) =>
        app.Services.GetRequiredService<RoomRuns>().WhenIdleAsync(interviewId).WaitAsync(TimeSpan.FromSeconds(60));
}
