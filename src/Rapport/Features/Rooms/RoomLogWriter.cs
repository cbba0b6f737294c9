using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Rooms;

/// <summary>
/// Writes every room's events through one writer, in groups: whatever was appended while the
/// previous group was committing goes in the next transaction ("group commit"). A keystroke in
/// the pad is one event, and one durable commit each would serialize every room of the server
/// on the database's single write lock (SQLite has one, and retries a busy one by sleeping);
/// grouped, a commit's cost is shared by every room that typed meanwhile. Each caller still
/// waits until its own event is committed, so an acknowledged edit survives a crash.
/// </summary>
public sealed partial class RoomLogWriter(IServiceScopeFactory scopes, ILogger<RoomLogWriter> logger) : IAsyncDisposable
{
    /// <summary>Events per transaction at most: a backlog drains in a few large commits, not one huge one.</summary>
    public const int MaxGroup = 512;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, long> lastSequence = new();
    private readonly Lock gate = new();
    private Task? loop;

    private sealed record Pending(Guid InterviewId, Func<long, RoomEvent> Create, TaskCompletionSource<RoomEvent> Done);

    /// <summary>
    /// Commits the event <paramref name="create"/> makes for the room's next sequence number.
    /// Callers append one room's events one at a time (the room's lock), so a room's order is theirs.
    /// </summary>
    public Task<RoomEvent> WriteAsync(Guid interviewId, Func<long, RoomEvent> create)
    {
        lock (gate)
        {
            loop ??= Task.Run(DrainAsync);
        }

        var pending = new Pending(interviewId, create, new TaskCompletionSource<RoomEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
        {
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
        while (await queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

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
                    lastSequence.TryRemove(pending.InterviewId, out _);
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
                        lastSequence.TryRemove(pending.InterviewId, out _);
                        pending.Done.TrySetException(single);
                    }
                }
            }
        }
    }

    private async Task CommitAsync(IReadOnlyList<Pending> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var next = new Dictionary<Guid, long>();
        var entries = new List<RoomEvent>(group.Count);
        foreach (var pending in group)
        {
            if (!next.TryGetValue(pending.InterviewId, out var last))
            {
                // The unique (interview, sequence) index backs this up if two servers ever share a room.
                last = lastSequence.TryGetValue(pending.InterviewId, out var cached)
                    ? cached
                    : await db.RoomEvents.Where(e => e.InterviewId == pending.InterviewId).MaxAsync(e => (long?)e.Sequence) ?? 0;
            }

            next[pending.InterviewId] = last + 1;
            var entry = pending.Create(last + 1);
            entries.Add(entry);
            db.RoomEvents.Add(entry);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var (interviewId, sequence) in next)
        {
            lastSequence[interviewId] = sequence;
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Done.TrySetResult(entries[i]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} room events failed to commit; writing them one at a time")]
    private partial void LogGroupFailed(Exception error, int count);
}
