using System.Text.Json;
using Rapport.Features.Rooms;

namespace Rapport.Tests.Rooms;

/// <summary>A room event as the room log's writer takes it: made for the sequence number the writer gives.</summary>
internal static class LoggedEvents
{
    public static Func<long, RoomEvent> For(Guid interviewId, RoomEventPayload payload, RoomActor actor, DateTimeOffset at)
    {
        var serialized = payload.Serialize();
        return sequence => new RoomEvent
        {
            InterviewId = interviewId,
            Sequence = sequence,
            Type = payload.Type,
            SchemaVersion = payload.SchemaVersion,
            Payload = serialized,
            At = at,
            Audience = payload.Audience,
            Actor = actor,
            PadVersion = (payload as PadUpdated)?.Version,
        };
    }
}

/// <summary>A panel's note: one event.</summary>
internal static class LoggedNotes
{
    public static Func<long, RoomEvent> For(Guid interviewId, DateTimeOffset at) =>
        LoggedEvents.For(interviewId, new NoteAdded("Asked what the input sizes were before coding.", null, "Iris Interviewer"), RoomActor.Interviewer, at);
}

/// <summary>The candidate's keystroke: a pad update of <c>version</c>, inserting one letter at the start.</summary>
internal static class LoggedPadUpdates
{
    public static Func<long, RoomEvent> For(Guid interviewId, int version, DateTimeOffset at) =>
        LoggedEvents.For(interviewId, new PadUpdated(version, "k3j9x2", JsonDocument.Parse("[[0,\"a\"]]").RootElement, RoomActor.Candidate), RoomActor.Candidate, at);
}
