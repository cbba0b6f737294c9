using Rapport.Features.Rooms;

namespace Rapport.Tests.Rooms;

/// <summary>A panel's note as the room log's writer takes it: one event, made for the sequence number the writer gives.</summary>
internal static class LoggedNotes
{
    public static Func<long, RoomEvent> For(Guid interviewId, DateTimeOffset at)
    {
        var note = new NoteAdded("Asked what the input sizes were before coding.", null, "Iris Interviewer");
        return sequence => new RoomEvent
        {
            InterviewId = interviewId,
            Sequence = sequence,
            Type = note.Type,
            SchemaVersion = note.SchemaVersion,
            Payload = note.Serialize(),
            At = at,
            Audience = note.Audience,
            Actor = RoomActor.Interviewer,
        };
    }
}
