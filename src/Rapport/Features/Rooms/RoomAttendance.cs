using Rapport.Features.Interviews;

namespace Rapport.Features.Rooms;

/// <summary>A connection closed: the room it was in, and its person's seat when that was their last connection there.</summary>
public sealed record RoomDeparture(Guid InterviewId, RoomMember? PersonLeft);

/// <summary>
/// Someone in the room as both sides may see them: the name the room knows them by (the
/// candidate's preferred name, an interviewer's display name) and "candidate", "interviewer" or
/// "shadow" (someone of the panel who only watches; the candidate was told why in their brief).
/// Deliberately nothing else: the candidate's connection receives this list, so it never carries
/// an email, an account id or anything only the panel may know.
/// </summary>
public sealed record PresentPersonView(string Name, string Role);

/// <summary>
/// Who is in which room, by connection: what the room shows as "who is here", and what makes
/// leaving logged once per person and not once per tab (a person with the room open in two tabs
/// has left when the second one closes). In memory, for this server's connections (as
/// <see cref="CandidateConnections"/> is): presence is the present, the log keeps the history.
/// </summary>
public sealed class RoomAttendance
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, RoomMember> seats = new(StringComparer.Ordinal);
    private readonly Dictionary<(Guid InterviewId, string Person), int> present = [];

    /// <summary>Each room's seats by connection, so "who is here" looks at one room, not every connection of the server.</summary>
    private readonly Dictionary<Guid, Dictionary<string, RoomMember>> rooms = [];

    /// <summary>The connection joined a room; returns the seat it had in another room if that was its person's last connection there.</summary>
    public RoomMember? Joined(string connectionId, RoomMember seat)
    {
        lock (gate)
        {
            var earlier = seats.GetValueOrDefault(connectionId);
            if (earlier is not null && (earlier.InterviewId, earlier.Person) == (seat.InterviewId, seat.Person))
            {
                // Joining again on the same connection (the page redraws after a hiccup): still one person, one connection.
                seats[connectionId] = seat;
                rooms[seat.InterviewId][connectionId] = seat;
                return null;
            }

            var left = earlier is not null ? LeaveLocked(connectionId, earlier) : null;
            seats[connectionId] = seat;
            if (!rooms.TryGetValue(seat.InterviewId, out var room))
            {
                rooms[seat.InterviewId] = room = new Dictionary<string, RoomMember>(StringComparer.Ordinal);
            }

            room[connectionId] = seat;
            present[(seat.InterviewId, seat.Person)] = present.GetValueOrDefault((seat.InterviewId, seat.Person)) + 1;
            return left;
        }
    }

    /// <summary>The connection closed; null if it had not joined a room.</summary>
    public RoomDeparture? Left(string connectionId)
    {
        lock (gate)
        {
            return seats.GetValueOrDefault(connectionId) is { } seat
                ? new RoomDeparture(seat.InterviewId, LeaveLocked(connectionId, seat))
                : null;
        }
    }

    /// <summary>Everyone in the room, once each however many tabs they have: the candidate first, then the interviewers by name.</summary>
    public IReadOnlyList<PresentPersonView> Of(Guid interviewId)
    {
        lock (gate)
        {
            return [.. (rooms.GetValueOrDefault(interviewId)?.Values ?? Enumerable.Empty<RoomMember>())
                .DistinctBy(s => s.Person)
                .OrderBy(s => s.Role == RoomActor.Candidate ? 0 : 1)
                .ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)
                .Select(s => new PresentPersonView(s.Name, s.Role == RoomActor.Candidate ? "candidate" : s.Seat == PanelRole.Shadow ? "shadow" : "interviewer"))];
        }
    }

    /// <summary>The rooms someone of the panel is in now: where live nudges have somebody to reach.</summary>
    public IReadOnlyList<Guid> WithPanel()
    {
        lock (gate)
        {
            return [.. rooms.Where(r => r.Value.Values.Any(s => s.Role == RoomActor.Interviewer)).Select(r => r.Key)];
        }
    }

    private RoomMember? LeaveLocked(string connectionId, RoomMember seat)
    {
        seats.Remove(connectionId);
        if (rooms.TryGetValue(seat.InterviewId, out var room) && room.Remove(connectionId) && room.Count == 0)
        {
            rooms.Remove(seat.InterviewId);
        }

        var key = (seat.InterviewId, seat.Person);
        var left = present.GetValueOrDefault(key) - 1;
        if (left > 0)
        {
            present[key] = left;
            return null;
        }

        present.Remove(key);
        return seat;
    }
}
