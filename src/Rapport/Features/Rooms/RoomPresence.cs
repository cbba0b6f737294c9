using System.Collections.Concurrent;

namespace Rapport.Features.Rooms;

/// <summary>
/// Someone in the room as both sides may see them: the name the room knows them by (the
/// candidate's preferred name, an interviewer's display name) and "candidate" or "interviewer".
/// Deliberately nothing else: the candidate's connection receives this list, so it never carries
/// an email, an account id or anything only the panel may know.
/// </summary>
public sealed record PresentPersonView(string Name, string Role);

/// <summary>
/// Who has the room open right now, per interview, by room-hub connection. Kept in memory only:
/// presence is the present, not history (joins are in the log). One person with several tabs or a
/// reconnect counts once.
/// </summary>
/// <remarks>
/// For this server's connections: were Rapport ever spread over several servers behind a
/// backplane, presence would have to be shared between them.
/// </remarks>
public sealed class RoomPresence
{
    private sealed record Connection(Guid InterviewId, string Name, RoomActor Role, string? UserId);

    private readonly ConcurrentDictionary<string, Connection> connections = new();

    /// <summary>Records that <paramref name="connectionId"/> is in the room (again: a second join replaces the first).</summary>
    public void Enter(string connectionId, Guid interviewId, string name, RoomActor role, string? userId) =>
        connections[connectionId] = new Connection(interviewId, name, role, userId);

    /// <summary>Forgets the connection; returns the interview it was in, if it was in one.</summary>
    public Guid? Leave(string connectionId) =>
        connections.TryRemove(connectionId, out var gone) ? gone.InterviewId : null;

    /// <summary>Everyone in the room: the candidate first, then the interviewers by name.</summary>
    public IReadOnlyList<PresentPersonView> Of(Guid interviewId) =>
        [.. connections.Values.Where(c => c.InterviewId == interviewId)
            .DistinctBy(c => (c.Role, c.Role == RoomActor.Candidate ? null : c.UserId ?? c.Name))
            .OrderBy(c => c.Role == RoomActor.Candidate ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(c => new PresentPersonView(c.Name, c.Role == RoomActor.Candidate ? "candidate" : "interviewer"))];
}
