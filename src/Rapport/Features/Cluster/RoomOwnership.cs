using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rapport.Data;
using Rapport.Features.Rooms;

namespace Rapport.Features.Cluster;

/// <summary>The node that holds a room, as the lease table says.</summary>
public sealed record RoomHolder(string Node, string Address);

/// <summary>
/// Which node holds which room (ADR 16), through a lease per room in PostgreSQL
/// (<see cref="RoomOwner"/>): this node claims a room when one of its connections arrives and
/// nobody live holds it, renews every room it holds in one statement every third of the lease,
/// lets a room go a lease after its last connection here closed, and lets every room go when it
/// stops. A room it finds held by another node when renewing is no longer its own: its
/// connections here are closed (the pages reconnect, and land on the holder) and what it kept of
/// the room is forgotten.
/// </summary>
public sealed partial class RoomOwnership(
    IServiceScopeFactory scopes, ClusterOptions options, PadRegistry pads, RoomStates states, ILogger<RoomOwnership> logger)
    : BackgroundService
{
    /// <summary>Real time, whatever clock the app runs on: the leases expire by PostgreSQL's clock, and renewing must keep pace with it.</summary>
    private static readonly TimeProvider time = TimeProvider.System;

    private readonly ConcurrentDictionary<Guid, Held> held = new();

    /// <summary>This node, for this run of its process: a node restarted is a new node.</summary>
    public string Node { get; } = Guid.NewGuid().ToString("N");

    public string Address { get; } = options.Validated().ToString().TrimEnd('/');

    public TimeSpan Lease => options.RoomLease;

    /// <summary>Claims the room when nobody live holds it (or its holder's address is this node's: its earlier run); returns who holds it now.</summary>
    public async Task<RoomHolder> ClaimAsync(Guid interviewId, CancellationToken ct)
    {
        var wasHeld = held.ContainsKey(interviewId);
        RoomHolder? holder = null;
        for (var attempt = 0; holder is null && attempt < 3; attempt++)
        {
            // Let go between the two statements: claim again.
            holder = await QueryHolderAsync(
            """
            INSERT INTO "RoomOwners" ("InterviewId", "Node", "Address", "ExpiresAt") VALUES (@room, @node, @address, now() + @lease)
            ON CONFLICT ("InterviewId") DO UPDATE SET "Node" = EXCLUDED."Node", "Address" = EXCLUDED."Address", "ExpiresAt" = EXCLUDED."ExpiresAt"
            WHERE "RoomOwners"."Node" = EXCLUDED."Node" OR "RoomOwners"."ExpiresAt" < now() OR "RoomOwners"."Address" = EXCLUDED."Address"
            RETURNING "Node", "Address"
            """,
            interviewId,
            ct)
            ?? await QueryHolderAsync("""SELECT "Node", "Address" FROM "RoomOwners" WHERE "InterviewId" = @room""", interviewId, ct);
        }

        if (holder is null)
        {
            throw new InvalidOperationException($"Room {interviewId} was claimed and let go three times over while this node asked who holds it.");
        }

        if (holder.Node == Node && !wasHeld)
        {
            // Newly ours: whatever this node kept of the room from an earlier turn may lag the log.
            await ForgetAsync(interviewId, ct);
        }

        return holder;
    }

    /// <summary>Takes the room from a holder whose address refused the connection (its process is gone); false when someone else took it first.</summary>
    public async Task<bool> TakeOverAsync(Guid interviewId, string from, CancellationToken ct)
    {
        var taken = await ExecuteAsync(
            """UPDATE "RoomOwners" SET "Node" = @node, "Address" = @address, "ExpiresAt" = now() + @lease WHERE "InterviewId" = @room AND "Node" = @from""",
            c =>
            {
                Parameters(c, interviewId);
                c.Parameters.Add(new NpgsqlParameter("from", from));
            },
            ct);
        if (taken == 1)
        {
            LogTookOver(interviewId, from);
            await ForgetAsync(interviewId, ct);
        }

        return taken == 1;
    }

    /// <summary>Counts a connection served here for the room until disposed; a room lost to another node closes it.</summary>
    public IDisposable Hold(Guid interviewId, HttpContext connection)
    {
        while (true)
        {
            var room = held.GetOrAdd(interviewId, _ => new Held());
            if (room.TryAdd(connection))
            {
                return new Release(() => room.Remove(connection, time.GetTimestamp()));
            }

            // Let go as idle a moment ago: a fresh entry is renewed from the next round on.
            held.TryRemove(new KeyValuePair<Guid, Held>(interviewId, room));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Lease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RenewAsync(stoppingToken);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    LogRenewFailed(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // The next connection of each room, wherever it lands, takes it at once instead of after a lease.
            await ExecuteAsync("""DELETE FROM "RoomOwners" WHERE "Node" = @node""", c => c.Parameters.Add(new NpgsqlParameter("node", Node)), cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or OperationCanceledException)
        {
            LogReleaseFailed(e.Message);
        }
    }

    /// <summary>Renews the rooms held here, lets go of the ones nobody used for a lease, and closes the ones another node took.</summary>
    private async Task RenewAsync(CancellationToken ct)
    {
        var now = time.GetTimestamp();
        foreach (var idle in held.Where(h => h.Value.TryRetire(now, Lease, time)).ToList())
        {
            held.TryRemove(idle);
        }

        var keep = held.Keys.ToArray();

        await ExecuteAsync(
            """DELETE FROM "RoomOwners" WHERE "Node" = @node AND NOT ("InterviewId" = ANY(@keep))""",
            c =>
            {
                c.Parameters.Add(new NpgsqlParameter("node", Node));
                c.Parameters.Add(new NpgsqlParameter("keep", keep));
            },
            ct);
        var renewed = new HashSet<Guid>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var command = await CommandAsync(db, """UPDATE "RoomOwners" SET "ExpiresAt" = now() + @lease WHERE "Node" = @node RETURNING "InterviewId" """, ct);
            command.Parameters.Add(new NpgsqlParameter("node", Node));
            command.Parameters.Add(new NpgsqlParameter("lease", Lease));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                renewed.Add(reader.GetGuid(0));
            }
        }

        foreach (var lost in keep.Where(id => !renewed.Contains(id)))
        {
            if (held.TryRemove(lost, out var room))
            {
                var closed = room.CloseAll();
                LogLost(lost, closed);
                await ForgetAsync(lost, ct);
            }
        }
    }

    private async Task ForgetAsync(Guid interviewId, CancellationToken ct)
    {
        using (await pads.LockAsync(interviewId, ct))
        {
            pads.Forget(interviewId);
            states.Forget(interviewId);
        }
    }

    private async Task<RoomHolder?> QueryHolderAsync(string sql, Guid interviewId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var command = await CommandAsync(db, sql, ct);
        Parameters(command, interviewId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new RoomHolder(reader.GetString(0), reader.GetString(1)) : null;
    }

    private async Task<int> ExecuteAsync(string sql, Action<DbCommand> parameters, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var command = await CommandAsync(db, sql, ct);
        parameters(command);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<DbCommand> CommandAsync(AppDbContext db, string sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Parameters(DbCommand command, Guid interviewId)
    {
        command.Parameters.Add(new NpgsqlParameter("room", interviewId));
        command.Parameters.Add(new NpgsqlParameter("node", Node));
        command.Parameters.Add(new NpgsqlParameter("address", Address));
        command.Parameters.Add(new NpgsqlParameter("lease", Lease));
    }

    /// <summary>The connections served here for one room, and when the last one closed.</summary>
    private sealed class Held
    {
        private readonly Lock gate = new();
        private readonly HashSet<HttpContext> connections = [];
        private long lastClosedAt;

        private bool retired;

        public bool TryAdd(HttpContext connection)
        {
            lock (gate)
            {
                if (retired)
                {
                    return false;
                }

                connections.Add(connection);
                return true;
            }
        }

        /// <summary>True, and takes no more connections, when none is open and the last closed a lease ago.</summary>
        public bool TryRetire(long now, TimeSpan lease, TimeProvider time)
        {
            lock (gate)
            {
                retired = connections.Count == 0 && time.GetElapsedTime(lastClosedAt, now) >= lease;
                return retired;
            }
        }

        public void Remove(HttpContext connection, long at)
        {
            lock (gate)
            {
                connections.Remove(connection);
                lastClosedAt = at;
            }
        }

        public int CloseAll()
        {
            List<HttpContext> closing;
            lock (gate)
            {
                closing = [.. connections];
                connections.Clear();
            }

            foreach (var connection in closing)
            {
                connection.Abort();
            }

            return closing.Count;
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Took room {Interview} over from node {From}, whose address refused the connection")]
    private partial void LogTookOver(Guid interview, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Interview} is held by another node now; closed its {Connections} connection(s) here, which reconnect there")]
    private partial void LogLost(Guid interview, int connections);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not renew this node's rooms in the database ({Problem}); other nodes take them over once their lease ends")]
    private partial void LogRenewFailed(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not let go of this node's rooms as it stops ({Problem}); other nodes take them over once their lease ends")]
    private partial void LogReleaseFailed(string problem);
}
