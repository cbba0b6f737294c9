using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Rooms;

/// <summary>
/// Keeps the candidate's session facts from flooding the room log (ADR 0014). The page reports a
/// fact for every tab switch, and a page (or a script) can switch hundreds of times a second.
/// Per connection and kind, the first fact of a <see cref="Window"/> is logged and sent at once;
/// the rest of that window are counted, and logged as one fact when the window ends or the
/// connection leaves, saying how many they were and how long the tab was away in all. A room
/// stores at most <see cref="MaxStoredPerRoom"/> facts; after that they are counted, not stored,
/// and the count is logged (at most once a window) as <see cref="SessionFactsNotStored"/>.
/// <para>
/// The log stays append-only and ordered by the room's lock: the counting happens before an event
/// is written, never by changing one. What is counted but not yet written lives in memory, so a
/// server that stops loses at most the last window's count of each kind.
/// </para>
/// </summary>
public sealed partial class SessionFactTallies(
    IServiceScopeFactory scopes, IHubContext<RoomHub, IRoomClient> hub, TimeProvider time, ILogger<SessionFactTallies> logger) : IDisposable
{
    /// <summary>At most one logged fact per connection, kind and window; the others of the window are folded into it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    /// <summary>Facts a room stores at most; a normal interview has a few dozen.</summary>
    public const int MaxStoredPerRoom = 200;

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, RoomTally> rooms = [];
    private readonly Dictionary<string, ConnectionTally> connections = new(StringComparer.Ordinal);

    /// <summary>The candidate's page reported a fact on <paramref name="connectionId"/>: logs and sends it, or counts it for later.</summary>
    public async Task RecordAsync(Guid interviewId, string connectionId, string kind, string detail, CancellationToken ct)
    {
        Write? write;
        while (true)
        {
            await EnsureStoredCountAsync(interviewId, ct);
            lock (gate)
            {
                if (!rooms.ContainsKey(interviewId))
                {
                    // Its last connection left meanwhile and took the room's count along: read it again.
                    continue;
                }

                var now = time.GetUtcNow();
                if (!connections.TryGetValue(connectionId, out var connection))
                {
                    connections[connectionId] = connection = new ConnectionTally(interviewId);
                }

                var tally = connection.Held.TryGetValue(kind, out var held) ? held : connection.Held[kind] = new KindTally();
                var away = Away(connection, kind, now);
                tally.Add(now, detail, away);
                if (tally.LoggedAt is { } logged && now - logged < Window)
                {
                    // Within the window of the last logged one: counted, and logged when the window ends.
                    tally.Timer ??= time.CreateTimer(_ => _ = FlushHeldAsync(connectionId, kind), null, logged + Window - now, Timeout.InfiniteTimeSpan);
                    return;
                }

                write = AdmitLocked(interviewId, tally.Take(kind, now));
                break;
            }
        }

        await WriteAsync(interviewId, write, ct);
    }

    /// <summary>The connection closed: whatever it still held is logged now.</summary>
    public async Task ConnectionLeftAsync(string connectionId)
    {
        var writes = new List<Write?>();
        Guid interviewId;
        lock (gate)
        {
            if (!connections.Remove(connectionId, out var connection))
            {
                return;
            }

            interviewId = connection.InterviewId;
            var now = time.GetUtcNow();
            foreach (var (kind, tally) in connection.Held)
            {
                tally.Timer?.Dispose();
                if (tally.Times > 0)
                {
                    writes.Add(AdmitLocked(interviewId, tally.Take(kind, now)));
                }
            }

            // The room's last connection with facts gone: its count of unstored facts is written now, not by a timer.
            if (!connections.Values.Any(c => c.InterviewId == interviewId) && rooms.Remove(interviewId, out var room))
            {
                room.Timer?.Dispose();
                writes.Add(room.TakeNotStored());
            }
        }

        foreach (var write in writes)
        {
            await WriteAsync(interviewId, write, CancellationToken.None);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var tally in connections.Values.SelectMany(c => c.Held.Values))
            {
                tally.Timer?.Dispose();
            }

            foreach (var room in rooms.Values)
            {
                room.Timer?.Dispose();
            }
        }
    }

    /// <summary>Seconds the tab was away, by the server's clock, when <paramref name="kind"/> says it came back.</summary>
    private static double Away(ConnectionTally connection, string kind, DateTimeOffset now)
    {
        switch (kind)
        {
            case SessionFact.TabHidden:
                connection.HiddenSince ??= now;
                return 0;
            case SessionFact.TabVisible when connection.HiddenSince is { } since:
                connection.HiddenSince = null;
                return (now - since).TotalSeconds;
            default:
                return 0;
        }
    }

    /// <summary>Under the gate: the room stores the fact if it is below its ceiling, or counts it.</summary>
    private Write? AdmitLocked(Guid interviewId, SessionFact fact)
    {
        var room = rooms[interviewId];
        if (room.Stored < MaxStoredPerRoom)
        {
            room.Stored++;
            return new Write(fact, fact);
        }

        room.Count(fact, time.GetUtcNow());
        room.Timer ??= time.CreateTimer(_ => _ = FlushNotStoredAsync(interviewId), null, Window, Timeout.InfiniteTimeSpan);
        return null;
    }

    private async Task FlushHeldAsync(string connectionId, string kind)
    {
        Write? write;
        Guid interviewId;
        lock (gate)
        {
            if (!connections.TryGetValue(connectionId, out var connection) || !connection.Held.TryGetValue(kind, out var tally))
            {
                return;
            }

            tally.Timer?.Dispose();
            tally.Timer = null;
            if (tally.Times == 0)
            {
                return;
            }

            interviewId = connection.InterviewId;
            var now = time.GetUtcNow();
            // Take marks this as the window's entry: facts in the next window are counted again, so a flood makes one entry a window.
            write = AdmitLocked(interviewId, tally.Take(kind, now));
        }

        await WriteAsync(interviewId, write, CancellationToken.None);
    }

    private async Task FlushNotStoredAsync(Guid interviewId)
    {
        Write? write;
        lock (gate)
        {
            if (!rooms.TryGetValue(interviewId, out var room))
            {
                return;
            }

            room.Timer?.Dispose();
            room.Timer = null;
            write = room.TakeNotStored();
        }

        await WriteAsync(interviewId, write, CancellationToken.None);
    }

    /// <summary>The room's stored facts, read once from the log so that the ceiling holds across restarts.</summary>
    private async Task EnsureStoredCountAsync(Guid interviewId, CancellationToken ct)
    {
        lock (gate)
        {
            if (rooms.ContainsKey(interviewId))
            {
                return;
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var factType = new SessionFact("", "").Type;
        var stored = await db.RoomEvents.OfTypes(interviewId, factType).CountAsync(ct);
        lock (gate)
        {
            rooms.TryAdd(interviewId, new RoomTally { Stored = stored });
        }
    }

    /// <summary>Appends under the room's lock like every other event, then tells the interviewers (never the candidate).</summary>
    private async Task WriteAsync(Guid interviewId, Write? write, CancellationToken ct)
    {
        if (write is null)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var logged = await scope.ServiceProvider.GetRequiredService<RoomLog>().AppendAsync(interviewId, write.Payload, RoomActor.Candidate, null, ct);
            if (write.Live is { } fact)
            {
                await hub.Clients.Group(RoomHub.Interviewers(interviewId)).FactRecorded(FactView.From(logged.Entry.At, fact));
            }
        }
        catch (Exception error) when (ct == CancellationToken.None && error is not OperationCanceledException)
        {
            // From a timer or a closing connection there is no caller to tell: the room may have been deleted meanwhile.
            LogNotWritten(error, interviewId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counted session facts of interview {InterviewId} could not be logged")]
    private partial void LogNotWritten(Exception error, Guid interviewId);

    private sealed record Write(RoomEventPayload Payload, SessionFact? Live);

    private sealed class ConnectionTally(Guid interviewId)
    {
        public Guid InterviewId { get; } = interviewId;

        public Dictionary<string, KindTally> Held { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset? HiddenSince { get; set; }
    }

    /// <summary>The facts of one kind on one connection not yet logged.</summary>
    private sealed class KindTally
    {
        public int Times { get; private set; }

        public DateTimeOffset? LoggedAt { get; set; }

        public ITimer? Timer { get; set; }

        private double away;
        private DateTimeOffset first;
        private string detail = "";

        public void Add(DateTimeOffset at, string factDetail, double secondsAway)
        {
            if (Times == 0)
            {
                first = at;
            }

            Times++;
            away += secondsAway;
            detail = factDetail;
        }

        public SessionFact Take(string kind, DateTimeOffset now)
        {
            var fact = new SessionFact(kind, detail, Times, kind == SessionFact.TabVisible ? away : null, Times > 1 ? first : null);
            Times = 0;
            away = 0;
            LoggedAt = now;
            return fact;
        }
    }

    private sealed class RoomTally
    {
        public int Stored { get; set; }

        public ITimer? Timer { get; set; }

        private readonly Dictionary<string, (int Times, double Away)> notStored = new(StringComparer.Ordinal);
        private DateTimeOffset since;

        public void Count(SessionFact fact, DateTimeOffset now)
        {
            if (notStored.Count == 0)
            {
                since = fact.Since ?? now;
            }

            var (times, away) = notStored.GetValueOrDefault(fact.Kind);
            notStored[fact.Kind] = (times + fact.Times, away + (fact.SecondsAway ?? 0));
        }

        public Write? TakeNotStored()
        {
            if (notStored.Count == 0)
            {
                return null;
            }

            var counts = notStored.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new SessionFactCount(c.Key, c.Value.Times, c.Value.Away)).ToList();
            notStored.Clear();
            return new Write(new SessionFactsNotStored(counts, since), null);
        }
    }
}
