using System.Text.Json;
using Rapport.Features.Rooms;

namespace Rapport.Tests.Rooms;

/// <summary>A panel's note as the room log's writer takes it: one event, made for the sequence number the writer gives.</summary>
internal static class LoggedNotes
{
    public static Func<long, RoomEvent> For(Guid interviewId, DateTimeOffset at) =>
        RoomEvent.Making(interviewId, new NoteAdded("Asked what the input sizes were before coding.", null, "Iris Interviewer"), RoomActor.Interviewer, null, at);
}

/// <summary>The candidate's keystroke as the writer takes it: a pad update of <c>version</c>, inserting one letter at the start.</summary>
internal static class LoggedPadUpdates
{
    public static Func<long, RoomEvent> For(Guid interviewId, int version, DateTimeOffset at) =>
        RoomEvent.Making(interviewId, new PadUpdated(version, "k3j9x2", JsonDocument.Parse("[[0,\"a\"]]").RootElement, RoomActor.Candidate), RoomActor.Candidate, null, at);
}
