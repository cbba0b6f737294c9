using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Collab;
using Rapport.Features.Rooms;

namespace Rapport.Rooms.Bench;

/// <summary>
/// One side of a room as a browser holds it: one connection to the room hub, the room joined and
/// its pad open, and an editor that follows @codemirror/collab as <c>Client/pad.ts</c> does. Local edits
/// queue as unconfirmed; one push at a time, at the synced version, carrying every unconfirmed
/// edit; received updates applied one at a time, confirming our own and rebasing the rest; a gap
/// is filled with Pull; edits left unsent after a push (a refusal, or typed meanwhile) go again
/// 50 ms later. Edit-to-peer latency is measured by the receiving side against the sender's clock.
/// </summary>
internal sealed class TypingClient : IAsyncDisposable
{
    private const string Keys = "abcdefghijklmnopqrstuvwxyz  ()=+:,.\n";
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(50);

    private readonly Lock gate = new();
    // Its own lock, never held while taking another: the peer reads it while holding its gate.
    private readonly Lock pushLog = new();
    private readonly HubConnection pad;
    private readonly bool isCandidate;
    private readonly Guid interviewId;
    private readonly Measurement measurement;
    private readonly Random random;
    private readonly List<(ChangeSet Changes, int Edit)> unconfirmed = [];
    // Per edit of ours, in typing order: when it was first pushed (Stopwatch ticks), 0 until then.
    private readonly List<long> firstPushedAt = [];
    private string text = "";
    private int version;
    private int cursor;
    private bool pushing;
    private bool pulling;
    private bool stopped;
    private int receivedFromPeer;

    private TypingClient(Uri server, PlannedRoom planned, CookieContainer? interviewerCookies, Measurement measurement, Random random)
    {
        isCandidate = interviewerCookies is null;
        interviewId = planned.InterviewId;
        this.measurement = measurement;
        this.random = random;
        CharactersPerSecond = 5 + (random.NextDouble() * 5);
        // As the room page does: the address names the interview (with several servers, it picks the one that holds the room).
        pad = Connect(server, RoomAddress.For(planned.InterviewId), planned, interviewerCookies);
        pad.On<List<PadUpdateMessage>>("PadUpdated", Received);
        pad.Closed += Lost;
    }

    public string ClientId { get; private set; } = "";

    public TypingClient? Peer { get; set; }

    public double CharactersPerSecond { get; }

    public Tally Tally { get; } = new();

    public List<double> LatenciesMs { get; } = [];

    public static async Task<TypingClient> OpenAsync(Uri server, PlannedRoom planned, CookieContainer? interviewerCookies, Measurement measurement, Random random, CancellationToken ct)
    {
        var client = new TypingClient(server, planned, interviewerCookies, measurement, random);
        await client.pad.StartAsync(ct);
        await (client.isCandidate
            ? client.pad.InvokeAsync<JsonElement>("JoinAsCandidate", ct)
            : client.pad.InvokeAsync<JsonElement>("JoinAsInterviewer", planned.InterviewId, ct));
        var opened = await client.pad.InvokeAsync<PadOpened>("OpenPad", ct);
        lock (client.gate)
        {
            (client.version, client.text, client.ClientId) = (opened.Version, opened.Text, opened.ClientId);
            // The candidate writes from the top, the interviewer from the bottom, as two people would.
            client.cursor = client.isCandidate ? 0 : client.text.Length;
        }

        return client;
    }

    /// <summary>Types at this client's own steady rate until told to stop.</summary>
    public async Task TypeAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() / CharactersPerSecond), stop);
            using var keystrokes = new PeriodicTimer(TimeSpan.FromSeconds(1 / CharactersPerSecond));
            while (await keystrokes.WaitForNextTickAsync(stop))
            {
                Type();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Whether everything typed here is confirmed and the peer holds the same text at the same version.</summary>
    public bool AgreesWithPeer()
    {
        (int Version, string Text, bool Settled) Read(TypingClient c)
        {
            lock (c.gate)
            {
                return (c.version, c.text, c.unconfirmed.Count == 0 && !c.pushing);
            }
        }

        var (mine, theirs) = (Read(this), Read(Peer!));
        return mine.Settled && theirs.Settled && mine.Version == theirs.Version && mine.Text == theirs.Text;
    }

    public bool IsConnected => pad.State == HubConnectionState.Connected;

    /// <summary>A copy of the refusal reasons: a stuck client keeps retrying while the results are read.</summary>
    public Dictionary<string, int> RefusalReasons()
    {
        lock (gate)
        {
            return new(Tally.RefusedBecause);
        }
    }

    public int DocumentLength()
    {
        lock (gate)
        {
            return text.Length;
        }
    }

    private void Type()
    {
        lock (gate)
        {
            cursor = Math.Clamp(cursor, 0, text.Length);
            // Now and then a backspace; otherwise a key of code.
            var changes = random.Next(10) == 0 && cursor > 0
                ? ChangeSet.Of([ChangeSpec.Deletion(cursor - 1, cursor)], text.Length)
                : ChangeSet.Of([ChangeSpec.Insertion(cursor, Keys[random.Next(Keys.Length)].ToString())], text.Length);
            text = changes.Apply(text);
            cursor = changes.MapPos(cursor, 1);
            lock (pushLog)
            {
                unconfirmed.Add((changes, firstPushedAt.Count));
                firstPushedAt.Add(0);
            }
            if (measurement.IsOpen)
            {
                Tally.Typed++;
            }
        }

        Push();
    }

    private void Push()
    {
        int at;
        List<JsonElement> sendable;
        lock (gate)
        {
            if (pushing || stopped || unconfirmed.Count == 0 || pad.State != HubConnectionState.Connected)
            {
                return;
            }

            pushing = true;
            var now = Stopwatch.GetTimestamp();
            lock (pushLog)
            {
                foreach (var (_, edit) in unconfirmed)
                {
                    if (firstPushedAt[edit] == 0)
                    {
                        firstPushedAt[edit] = now;
                    }
                }
            }

            at = version;
            // As Client/pad.ts: at most 100 updates per push, so a long backlog goes in parts the hub accepts.
            sendable = [.. unconfirmed.Take(100).Select(u => JsonDocument.Parse(u.Changes.ToJson()).RootElement)];
        }

        _ = PushAsync(at, sendable);
    }

    private async Task PushAsync(int at, List<JsonElement> sendable)
    {
        var again = true;
        try
        {
            var result = await pad.InvokeAsync<PadPushed>("Push", at, sendable);
            lock (gate)
            {
                Tally.Pushes += measurement.IsOpen ? 1 : 0;
                if (!result.Accepted)
                {
                    Tally.Refused++;
                    Tally.LastProblem = result.Problem;
                    Tally.RefusedBecause[result.Problem ?? ""] = Tally.RefusedBecause.GetValueOrDefault(result.Problem ?? "") + 1;
                }

                pushing = false;
                again = unconfirmed.Count > 0;
            }
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
        {
            lock (gate)
            {
                Tally.Failures++;
                Tally.LastProblem = e.Message;
                pushing = false;
            }
        }

        if (again)
        {
            await Task.Delay(RetryAfter);
            Push();
        }
    }

    private void Received(List<PadUpdateMessage> updates)
    {
        var now = Stopwatch.GetTimestamp();
        var gap = false;
        lock (gate)
        {
            foreach (var update in updates)
            {
                if (update.Version < version)
                {
                    continue;
                }

                if (update.Version > version)
                {
                    gap = true;
                    break;
                }

                Apply(update, now);
            }
        }

        if (gap)
        {
            // Not awaited here: a hub call awaited inside a handler would wait on this handler.
            _ = PullAsync();
        }
        else
        {
            Push();
        }
    }

    private void Apply(PadUpdateMessage update, long receivedAt)
    {
        version++;
        if (unconfirmed.Count > 0 && update.ClientId == ClientId)
        {
            unconfirmed.RemoveAt(0);
            return;
        }

        if (Peer is { } peer && update.ClientId == peer.ClientId)
        {
            // The server accepts a client's edits in the order typed, so this is the peer's next edit.
            var pushedAt = peer.FirstPushedAt(receivedFromPeer++);
            if (measurement.IsOpen)
            {
                LatenciesMs.Add(Stopwatch.GetElapsedTime(pushedAt, receivedAt).TotalMilliseconds);
            }
        }

        var changes = ChangeSet.FromJson(update.Changes);
        for (var i = 0; i < unconfirmed.Count; i++)
        {
            var (mine, edit) = unconfirmed[i];
            unconfirmed[i] = (mine.Map(changes), edit);
            changes = changes.Map(mine, before: true);
        }

        text = changes.Apply(text);
        cursor = changes.MapPos(Math.Clamp(cursor, 0, changes.Length), isCandidate ? -1 : 1);
    }

    private long FirstPushedAt(int edit)
    {
        lock (pushLog)
        {
            return firstPushedAt[edit];
        }
    }

    private async Task PullAsync()
    {
        int from;
        lock (gate)
        {
            if (pulling)
            {
                return;
            }

            (pulling, from) = (true, version);
            Tally.Gaps++;
        }

        try
        {
            Received(await pad.InvokeAsync<List<PadUpdateMessage>>("Pull", from));
        }
        finally
        {
            lock (gate)
            {
                pulling = false;
            }
        }
    }

    private Task Lost(Exception? error)
    {
        lock (gate)
        {
            if (!stopped)
            {
                Tally.Disconnects++;
                Tally.LastProblem = error?.Message ?? "closed";
            }
        }

        return Task.CompletedTask;
    }

    private static HubConnection Connect(Uri server, string path, PlannedRoom planned, CookieContainer? interviewerCookies) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                // Straight to the WebSocket. A browser's negotiate request goes over the page's
                // own keep-alive connection, which the server closes after two idle minutes; here
                // each hub connection would keep one more socket of its own open, and the idle
                // rooms' memory would count them.
                o.SkipNegotiation = true;
                if (interviewerCookies is null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(planned.CandidateToken);
                }
                else
                {
                    o.Cookies = interviewerCookies;
                }
            })
            .Build();

    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            stopped = true;
        }

        await pad.DisposeAsync();
    }

    public override string ToString() => $"{(isCandidate ? "candidate" : "interviewer")} of {interviewId}";
}
