namespace Rapport.Features.Rooms;

/// <summary>Someone in a room: <see cref="Person"/> tells people apart (the candidate, or a staff user's id), the rest is for the log.</summary>
public sealed record RoomSeat(Guid InterviewId, string Person, string Name, RoomActor Role, string? ActorId)
{
    public const string Candidate = "candidate";
}

/// <summary>
/// Who is in which room, by connection, so that leaving is logged once per person and not once
/// per tab: a person with the room open in two tabs has left when the second one closes. In
/// memory, for this server's connections (as <see cref="CandidateConnections"/> is).
/// </summary>
public sealed class RoomAttendance
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, RoomSeat> seats = new(StringComparer.Ordinal);
    private readonly Dictionary<(Guid InterviewId, string Person), int> present = [];

    /// <summary>The connection joined a room; returns the seat it had in another room if that was its person's last connection there.</summary>
    public RoomSeat? Joined(string connectionId, RoomSeat seat)
    {
        lock (gate)
        {
            var earlier = seats.GetValueOrDefault(connectionId);
            if (earlier is not null && (earlier.InterviewId, earlier.Person) == (seat.InterviewId, seat.Person))
            {
                // Joining again on the same connection (the page redraws after a hiccup): still one person, one connection.
                seats[connectionId] = seat;
                return null;
            }

            var left = earlier is not null ? LeaveLocked(connectionId, earlier) : null;
            seats[connectionId] = seat;
            present[(seat.InterviewId, seat.Person)] = present.GetValueOrDefault((seat.InterviewId, seat.Person)) + 1;
            return left;
        }
    }

    /// <summary>The connection closed; returns its seat if it was its person's last connection to that room.</summary>
    public RoomSeat? Left(string connectionId)
    {
        lock (gate)
        {
            return seats.GetValueOrDefault(connectionId) is { } seat ? LeaveLocked(connectionId, seat) : null;
        }
    }

    private RoomSeat? LeaveLocked(string connectionId, RoomSeat seat)
    {
        seats.Remove(connectionId);
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
