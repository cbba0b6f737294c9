using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Rooms;

public sealed record LoggedEvent(RoomEvent Entry, RoomEventPayload Payload);

/// <summary>
/// Appends to and reads a room's event log. Nothing ever updates or deletes an entry. Appending
/// goes through the shared writer; only reading the log needs the call's database context, which
/// is asked for then (a keystroke appends, and so leases no context from the pool).
/// </summary>
public sealed class RoomLog(IServiceProvider services, TimeProvider time, RoomLocks locks, RoomLogWriter writer, RoomStates states)
{
    /// <summary>Returns once the event is committed (grouped with other rooms' events, see <see cref="RoomLogWriter"/>).</summary>
    public async Task<LoggedEvent> AppendAsync(Guid interviewId, RoomEventPayload payload, RoomActor actor, string? actorId, CancellationToken ct) =>
        (await AppendAllAsync(interviewId, [payload], actor, actorId, ct))[0];

    /// <summary>Appends the events in order, in one transaction (all or none); returns once they are committed.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> AppendAllAsync(Guid interviewId, IReadOnlyList<RoomEventPayload> payloads, RoomActor actor, string? actorId, CancellationToken ct)
    {
        using (await locks.EnterAsync(interviewId, ct))
        {
            // Whole milliseconds, what both databases keep: the time a live event is sent with, and the kept state's, are the time a later read of the log gives.
            var at = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
            var create = payloads.Select(payload => RoomEvent.Making(interviewId, payload, actor, actorId, at)).ToList();
            IReadOnlyList<RoomEvent> entries;
            try
            {
                entries = await writer.WriteAllAsync(interviewId, create);
            }
            catch
            {
                // Refused (another server wrote first, or a constraint): what is kept may lag the log now.
                states.Forget(interviewId);
                throw;
            }

            IReadOnlyList<LoggedEvent> logged = [.. entries.Zip(payloads, (entry, payload) => new LoggedEvent(entry, payload))];
            states.Committed(interviewId, logged);
            return logged;
        }
    }

    /// <summary>
    /// Where the room stands as <paramref name="audience"/> may know it: kept while the room is open,
    /// built from the whole log once (see <see cref="RoomStates"/>).
    /// </summary>
    public async Task<RoomState> StateAsync(Guid interviewId, RoomAudience audience, CancellationToken ct)
    {
        if (states.Kept(interviewId) is not { } state)
        {
            using (await locks.EnterAsync(interviewId, ct))
            {
                state = states.Kept(interviewId) ?? states.Loaded(interviewId, RoomState.From(await ReadAsync(interviewId, RoomAudience.Interviewers, ct)));
            }
        }

        return state.SeenBy(audience);
    }

    /// <summary>The room's events in order; a candidate's reader passes <see cref="RoomAudience.Everyone"/> and never sees the rest.</summary>
    public async Task<List<LoggedEvent>> ReadAsync(Guid interviewId, RoomAudience audience, CancellationToken ct)
    {
        var query = services.GetRequiredService<AppDbContext>().RoomEvents.AsNoTracking().Where(e => e.InterviewId == interviewId);
        if (audience == RoomAudience.Everyone)
        {
            query = query.Where(e => e.Audience == RoomAudience.Everyone);
        }

        var entries = await query.OrderBy(e => e.Sequence).ToListAsync(ct);
        return [.. entries.Select(e => new LoggedEvent(e, RoomEventPayload.Deserialize(e.Type, e.Payload)))];
    }
}
