using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Collab;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Cluster;

/// <summary>
/// A minimal collab editor on one room connection that can be made again (a reconnect, as the
/// page's): it types its key at the end of the text at its latest version, one push at a time,
/// and waits for each to come back; a push refused as stale is followed by a pull.
/// </summary>
public sealed class TypingEditor(char key, Func<HubConnection> connect, Guid? asInterviewer) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private HubConnection? hub;
    private int version;
    private string text = "";

    public string Text
    {
        get
        {
            lock (gate)
            {
                return text;
            }
        }
    }

    public async Task<(int Version, string Text)> ConnectAsync()
    {
        var connection = connect();
        connection.On<List<PadUpdateMessage>>("PadUpdated", Receive);
        await connection.StartAsync();
        var opened = await JoinAndOpenAsync(connection);
        lock (gate)
        {
            (hub, version, text) = (connection, opened.Version, opened.Text);
        }

        return (opened.Version, opened.Text);
    }

    /// <summary>Connects again until a node takes the room (the page's automatic reconnect).</summary>
    public async Task<(int Version, string Text)> ReconnectAsync()
    {
        if (hub is not null)
        {
            await hub.DisposeAsync();
        }

        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (true)
        {
            try
            {
                return await ConnectAsync();
            }
            catch (Exception e) when ((e is HttpRequestException or IOException or System.Net.WebSockets.WebSocketException or InvalidOperationException or HubException) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task TypeAsync(int keys)
    {
        for (var typed = 0; typed < keys;)
        {
            int at;
            string changes;
            lock (gate)
            {
                at = version;
                changes = text.Length == 0 ? $"[[0,\"{key}\"]]" : $"[{text.Length},[0,\"{key}\"]]";
            }

            var pushed = await hub!.InvokeAsync<PadPushed>("Push", at, new[] { JsonDocument.Parse(changes).RootElement });
            if (pushed.Accepted)
            {
                typed++;
                await Eventually.ReadAsync(() => Task.FromResult(Version), v => v >= pushed.Version, $"its own edit back at version {pushed.Version}");
            }
            else
            {
                Receive(await hub!.InvokeAsync<List<PadUpdateMessage>>("Pull", at));
            }

            // Well inside the room's limit of calls a second.
            await Task.Delay(30);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (hub is not null)
        {
            await hub.DisposeAsync();
        }
    }

    private int Version
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    private async Task<PadOpened> JoinAndOpenAsync(HubConnection connection)
    {
        if (asInterviewer is { } id)
        {
            await connection.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        }
        else
        {
            await connection.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        }

        return await connection.InvokeAsync<PadOpened>("OpenPad");
    }

    private void Receive(List<PadUpdateMessage> updates)
    {
        lock (gate)
        {
            foreach (var update in updates.OrderBy(u => u.Version))
            {
                if (update.Version == version)
                {
                    text = ChangeSet.FromJson(update.Changes).Apply(text);
                    version++;
                }
            }
        }
    }
}
