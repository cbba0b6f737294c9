using Microsoft.Extensions.Caching.Memory;

namespace Rapport.Features.Rooms;

/// <summary>
/// Where each open room stands, kept in memory and moved on by every event the room's log
/// commits, so no call reads and folds the whole log again (a long interview has thousands of
/// pad updates). Only <see cref="RoomLog"/> uses it: it folds each committed event in while
/// holding the room's lock (<see cref="RoomLocks"/>), and loads a room's state under that same
/// lock, so a state is never behind an event its caller has already seen committed.
/// </summary>
/// <remarks>
/// A <see cref="MemoryCache"/> with a size limit and a sliding expiry, so rooms nobody has used
/// for a while fall out (they load again from the log on the next call). For this server's
/// calls, like <see cref="PadRegistry"/>: several servers sharing one room would need the log's
/// sequence to tell a state it is behind.
/// </remarks>
public sealed class RoomStates : IDisposable
{
    public const int MaxRooms = 4096;
    public static readonly TimeSpan IdleExpiry = TimeSpan.FromMinutes(30);

    private readonly MemoryCache kept = new(new MemoryCacheOptions { SizeLimit = MaxRooms });
    private long loads;

    /// <summary>How many times a room's state was built from its whole log (tests check it is once per open room).</summary>
    public long Loads => Interlocked.Read(ref loads);

    /// <summary>The kept state, if the room is open here.</summary>
    internal RoomState? Kept(Guid interviewId) => kept.TryGetValue(interviewId, out RoomState? state) ? state : null;

    /// <summary>Folds committed events in; the caller holds the room's lock. Nothing to do for a room not kept.</summary>
    internal void Committed(Guid interviewId, IEnumerable<LoggedEvent> events)
    {
        if (Kept(interviewId) is { } state)
        {
            Keep(interviewId, events.Aggregate(state, (s, e) => s.With(e.Entry.At, e.Payload)));
        }
    }

    /// <summary>Keeps a state built from the whole log; the caller holds the room's lock.</summary>
    internal RoomState Loaded(Guid interviewId, RoomState state)
    {
        Interlocked.Increment(ref loads);
        return Keep(interviewId, state);
    }

    /// <summary>Drops a state that may lag the log (a write refused, perhaps for another server's): the next use reads the log again.</summary>
    internal void Forget(Guid interviewId) => kept.Remove(interviewId);

    private RoomState Keep(Guid interviewId, RoomState state) =>
        kept.Set(interviewId, state, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleExpiry });

    public void Dispose() => kept.Dispose();
}
