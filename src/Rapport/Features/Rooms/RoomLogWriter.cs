using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Data;

namespace Rapport.Features.Rooms;

/// <summary>
/// Writes every room's events through one writer, in groups: whatever was appended while the
/// previous group was committing, or in the few milliseconds since it began (<see cref="CommitSpacing"/>),
/// goes in the next transaction ("group commit"). A keystroke in
/// the pad is one event, and one durable commit each would serialize every room of the server
/// on the database's single write lock (SQLite has one, and retries a busy one by sleeping);
/// grouped, a commit's cost is shared by every room that typed meanwhile. Each caller still
/// waits until its own event is committed, so an acknowledged edit survives a crash.
/// <para>
/// The writer also refuses a pad update of a version the room's log already has
/// (<see cref="PadVersionTakenException"/>): it remembers each room's last pad version with its
/// last sequence number, and reads both in the commit's transaction when it does not.
/// </para>
/// <para>
/// On SQLite the writer keeps one connection open, with SQLite's automatic checkpoint off: it
/// copies the write-ahead log into the database file (and waits for the disk) inside whichever
/// commit crosses its threshold, which stalled every room typing at that moment. The writer
/// checkpoints itself instead, between two groups, about once a second and when it falls idle.
/// Nothing else writes then, so the checkpoint copies every frame and the next commit starts the
/// log again from its beginning. (A checkpoint running beside the writer never caught up with it:
/// under steady typing the log never restarted, and grew by 24 MB a second with 100 rooms typing.)
/// </para>
/// <para>
/// The writer is the one step every keystroke of the server goes through in turn, so it says how
/// busy it is (<see cref="MeterName"/>; docs/deploy.md, "Is the room log keeping up?").
/// </para>
/// </summary>
public sealed partial class RoomLogWriter : IAsyncDisposable
{
    /// <summary>The writer's instruments, for <c>dotnet-counters</c> or any other listener of .NET's meters.</summary>
    public const string MeterName = "Rapport.RoomLog";

    /// <summary>Events per transaction at most: a backlog drains in a few large commits, not one huge one.</summary>
    public const int MaxGroup = 512;

    /// <summary>How often the write-ahead log is copied into the database file while rooms write, and how long the writer waits idle before it does.</summary>
    public static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The least time from one commit's start to the next one's. A commit is a durable write
    /// (fsync) and several thread wake-ups, whatever it holds; while rooms type steadily, waiting
    /// a few milliseconds for more of them to join the next group cuts the commits (and the CPU
    /// per keystroke) by a fifth at 100 rooms. A first event after a quiet moment commits at once.
    /// </summary>
    public static readonly TimeSpan CommitSpacing = TimeSpan.FromMilliseconds(4);

    /// <summary>
    /// How many rooms' positions (last sequence number and pad version) the writer remembers. Past
    /// it, it forgets them all and reads each room's again (two indexed queries) at its next event:
    /// a server running for months hosts far more interviews than are ever open at once, and each
    /// one remembered stays forever otherwise.
    /// </summary>
    internal int MaxRemembered { get; init; } = RoomStates.MaxRooms;

    /// <summary>SQLite's own threshold (pages of write-ahead log) for checkpointing after a commit.</summary>
    private const int SqliteDefaultCheckpointPages = 1000;

    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<RoomLogWriter> logger;
    private readonly Histogram<double> commitDuration;
    private readonly Histogram<int> commitEvents;
    private readonly Histogram<double> checkpointDuration;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, LogPosition> positions = new();
    private readonly Lock gate = new();
    private Task? loop;
    private (AsyncServiceScope Scope, AppDbContext Db)? writer;
    private int committedSinceCheckpoint;
    private long lastCheckpoint = Stopwatch.GetTimestamp();
    private RoomEventInsert? insert;
    private long lastCommit;
    private long busyTicks;
    // The channel counts nothing when it has a single reader, so the writer counts what waits in it.
    private int waiting;

    public RoomLogWriter(IServiceScopeFactory scopes, ILogger<RoomLogWriter> logger, IMeterFactory meters)
    {
        (this.scopes, this.logger) = (scopes, logger);
        var meter = meters.Create(MeterName);
        commitDuration = meter.CreateHistogram<double>(
            "rapport.room_log.commit.duration", "s", "How long one commit of a group of room events took: the inserts, the write-ahead log and the durable flush.");
        commitEvents = meter.CreateHistogram<int>(
            "rapport.room_log.commit.events", "{event}", "How many room events one commit held (every room's that typed since the last one).");
        checkpointDuration = meter.CreateHistogram<double>(
            "rapport.room_log.checkpoint.duration", "s", "How long one copy of the write-ahead log into the database file took (SQLite): no commit starts meanwhile.");
        meter.CreateObservableCounter(
            "rapport.room_log.busy_time", () => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref busyTicks)).TotalSeconds, "s",
            "Time the writer spent committing and checkpointing. Its rate is the share of the time the writer is busy: near 1, every room waits on it.");
        meter.CreateObservableGauge(
            "rapport.room_log.waiting", () => Volatile.Read(ref waiting), "{append}", "Appends waiting for the next commit: one push's pad updates, or one other room event, each.");
    }

    /// <summary>How many rooms' positions are remembered now (tests check it stays bounded).</summary>
    internal int Remembered => positions.Count;

    /// <summary>Events that commit together or not at all (one push's pad updates), for one room.</summary>
    private sealed record Pending(Guid InterviewId, IReadOnlyList<Func<long, RoomEvent>> Create, TaskCompletionSource<IReadOnlyList<RoomEvent>> Done);

    /// <summary>
    /// Commits the event <paramref name="create"/> makes for the room's next sequence number.
    /// Callers append one room's events one at a time (the room's lock), so a room's order is theirs.
    /// </summary>
    public async Task<RoomEvent> WriteAsync(Guid interviewId, Func<long, RoomEvent> create) =>
        (await WriteAllAsync(interviewId, [create]))[0];

    /// <summary>
    /// Commits the events <paramref name="create"/> makes, in order and with consecutive sequence
    /// numbers, in one transaction: all of them or none.
    /// </summary>
    public Task<IReadOnlyList<RoomEvent>> WriteAllAsync(Guid interviewId, IReadOnlyList<Func<long, RoomEvent>> create)
    {
        ArgumentOutOfRangeException.ThrowIfZero(create.Count);
        lock (gate)
        {
            loop ??= Task.Run(DrainAsync);
        }

        var pending = new Pending(interviewId, create, new TaskCompletionSource<IReadOnlyList<RoomEvent>>(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref waiting);
        if (!queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref waiting);
            throw new ObjectDisposedException(nameof(RoomLogWriter), "The server is stopping; the room log takes no more events.");
        }

        return pending.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        Task? running;
        lock (gate)
        {
            running = loop;
        }

        if (running is not null)
        {
            await running;
        }
    }

    private async Task DrainAsync()
    {
        var group = new List<Pending>(MaxGroup);
        while (true)
        {
            var ready = queue.Reader.WaitToReadAsync().AsTask();
            if (!ready.IsCompleted && committedSinceCheckpoint > 0)
            {
                // Nothing to write: once the rooms have been quiet a moment, what they wrote goes into the database file.
                await Task.WhenAny(ready, Task.Delay(CheckpointEvery, TimeProvider.System));
                if (!ready.IsCompleted)
                {
                    await CheckpointAsync();
                }
            }

            if (!await ready)
            {
                break;
            }

            if (CommitSpacing - Stopwatch.GetElapsedTime(lastCommit) is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, TimeProvider.System);
            }

            lastCommit = Stopwatch.GetTimestamp();
            group.Clear();
            var events = 0;
            while (events < MaxGroup && queue.Reader.TryRead(out var pending))
            {
                Interlocked.Decrement(ref waiting);
                group.Add(pending);
                events += pending.Create.Count;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await CommitAsync(group);
            }
#pragma warning disable CA1031 // One bad event must not stop the writer: it fails alone, below.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogGroupFailed(error, group.Count);
                // The cached numbers may be wrong now (another server, a constraint): read them again,
                // and write one at a time so that only the event that fails, fails.
                foreach (var pending in group)
                {
                    positions.TryRemove(pending.InterviewId, out _);
                }

                foreach (var pending in group)
                {
                    try
                    {
                        await CommitAsync([pending]);
                    }
#pragma warning disable CA1031 // Its caller gets the error.
                    catch (Exception single)
#pragma warning restore CA1031
                    {
                        positions.TryRemove(pending.InterviewId, out _);
                        pending.Done.TrySetException(single);
                    }
                }
            }

            var took = Stopwatch.GetTimestamp() - started;
            Interlocked.Add(ref busyTicks, took);
            commitDuration.Record(Stopwatch.GetElapsedTime(0, took).TotalSeconds);
            commitEvents.Record(events);

            if (Stopwatch.GetElapsedTime(lastCheckpoint) >= CheckpointEvery)
            {
                await CheckpointAsync();
            }
        }

        await ForgetWriterAsync();
    }

    private async Task CommitAsync(IReadOnlyList<Pending> group)
    {
        var db = await WriterAsync();
        try
        {
            await CommitAsync(db, group);
            db.ChangeTracker.Clear();
        }
        catch
        {
            // A failed save leaves its entries tracked: the next group starts on a fresh context.
            await ForgetWriterAsync();
            throw;
        }

        committedSinceCheckpoint += group.Sum(p => p.Create.Count);
    }

    /// <summary>The writer's own context, its connection kept open; on SQLite without automatic checkpoints.</summary>
    private async Task<AppDbContext> WriterAsync()
    {
        if (writer is { } open)
        {
            return open.Db;
        }

        var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        try
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.Database.OpenConnectionAsync();
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_autocheckpoint=0;");
            }
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }

        writer = (scope, db);
        return db;
    }

    private async Task ForgetWriterAsync()
    {
        if (writer is not var (scope, db))
        {
            return;
        }

        writer = null;
        // Its commands belong to the connection that goes now.
        insert?.Dispose();
        try
        {
            if (db.Database.IsSqlite())
            {
                // The connection goes back to the pool, where others expect automatic checkpoints.
                await db.Database.ExecuteSqlRawAsync($"PRAGMA wal_autocheckpoint={SqliteDefaultCheckpointPages};");
            }

            await db.Database.CloseConnectionAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // A connection that could not be reset must not be reused with checkpoints off.
            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                SqliteConnection.ClearPool(sqlite);
            }
        }
        finally
        {
            await scope.DisposeAsync();
        }
    }

    /// <summary>
    /// SQLite only, on the writer's loop between groups: copies the write-ahead log into the
    /// database file. Passive, so a reader still on old frames is not waited for (the log then
    /// restarts after a later checkpoint); with no writer beside it, it copies every frame.
    /// </summary>
    private async Task CheckpointAsync()
    {
        lastCheckpoint = Stopwatch.GetTimestamp();
        var due = committedSinceCheckpoint > 0;
        committedSinceCheckpoint = 0;  // on PostgreSQL too, so an idle writer there waits without a timer
        if (!due || writer is not { } open || !open.Db.Database.IsSqlite())
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await open.Db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", CancellationToken.None);
        }
        catch (Exception error) when (error is DbException or InvalidOperationException)
        {
            // Tried again a second later; nothing is lost meanwhile (the log holds every commit).
            LogCheckpointFailed(error);
        }
        finally
        {
            // Keystrokes wait for it as for a commit: it counts in the writer's busy time.
            var took = Stopwatch.GetTimestamp() - started;
            Interlocked.Add(ref busyTicks, took);
            checkpointDuration.Record(Stopwatch.GetElapsedTime(0, took).TotalSeconds);
        }
    }

    private async Task CommitAsync(AppDbContext db, IReadOnlyList<Pending> group)
    {
        var next = new Dictionary<Guid, LogPosition>();
        var written = new List<(Pending Pending, RoomEvent[] Entries)>(group.Count);
        var refused = new List<(Pending Pending, PadVersionTakenException Why)>();

        // One transaction for the group: one durable commit, however many rooms typed meanwhile.
        // A room's position is read in it (SQLite's is an immediate transaction), so no other server
        // writes between reading where its log stands and writing after it.
        insert ??= RoomEventInsert.For(db);
        await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            foreach (var pending in group)
            {
                if (!next.TryGetValue(pending.InterviewId, out var position))
                {
                    position = positions.TryGetValue(pending.InterviewId, out var cached) ? cached : await ReadPositionAsync(db, pending.InterviewId);
                }

                var made = new RoomEvent[pending.Create.Count];
                for (var i = 0; i < made.Length; i++)
                {
                    made[i] = pending.Create[i](position.Sequence + 1 + i);
                }

                if (!position.Takes(pending.InterviewId, made, out var after, out var refusal))
                {
                    refused.Add((pending, refusal));
                    continue;
                }

                next[pending.InterviewId] = after;
                written.Add((pending, made));
            }

            await insert.InsertAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), [.. written.SelectMany(w => w.Entries)]);
            await transaction.CommitAsync(CancellationToken.None);
        }

        if (positions.Count + next.Count > MaxRemembered)
        {
            // Only this loop reads and writes the positions, so forgetting them races with nothing.
            positions.Clear();
        }

        foreach (var (interviewId, position) in next)
        {
            positions[interviewId] = position;
        }

        foreach (var (pending, entries) in written)
        {
            pending.Done.TrySetResult(entries);
        }

        foreach (var (pending, why) in refused)
        {
            pending.Done.TrySetException(why);
        }
    }

    /// <summary>Where a room's log stands: its last sequence number and its last pad version (two indexed reads).</summary>
    private static async Task<LogPosition> ReadPositionAsync(AppDbContext db, Guid interviewId)
    {
        var sequence = await db.RoomEvents.Where(e => e.InterviewId == interviewId).MaxAsync(e => (long?)e.Sequence) ?? 0;
        // Pad versions only grow, so the last one is the newest pad update's: a few steps back along the sequence.
        var padVersion = await db.RoomEvents.Where(e => e.InterviewId == interviewId && e.PadVersion != null)
            .OrderByDescending(e => e.Sequence).Select(e => e.PadVersion).FirstOrDefaultAsync();
        return new LogPosition(sequence, padVersion);
    }

    /// <summary>
    /// A room's last sequence number, and its last pad version (null before its first versioned pad
    /// update): the unique (interview, sequence) index backs up the first if two servers ever share
    /// a room, and the writer itself fences the second.
    /// </summary>
    private readonly record struct LogPosition(long Sequence, int? PadVersion)
    {
        /// <summary>
        /// Where the log stands after <paramref name="made"/>, or why it refuses them: one is a pad
        /// update of a version the log already has (its pad lags the log).
        /// </summary>
        public bool Takes(Guid interviewId, RoomEvent[] made, out LogPosition after, [NotNullWhen(false)] out PadVersionTakenException? refusal)
        {
            var padVersion = PadVersion;
            foreach (var entry in made)
            {
                if (entry.PadVersion is not { } version)
                {
                    continue;
                }

                if (padVersion is { } last && version <= last)
                {
                    (after, refusal) = (this, new PadVersionTakenException(interviewId, version, last));
                    return false;
                }

                padVersion = version;
            }

            (after, refusal) = (new LogPosition(Sequence + made.Length, padVersion), null);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying the room log's write-ahead log into the database failed; trying again shortly")]
    private partial void LogCheckpointFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} room events failed to commit; writing them one at a time")]
    private partial void LogGroupFailed(Exception error, int count);
}
