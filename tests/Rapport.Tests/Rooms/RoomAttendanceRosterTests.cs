using Rapport.Features.Rooms;

namespace Rapport.Tests.Rooms;

/// <summary>"Who is here", per room, from the connections in it: each person once, however many tabs, and only that room's.</summary>
public sealed class RoomAttendanceRosterTests
{
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();

    [Fact]
    public void EachRoomLists_ItsOwnPeopleOnce_AsTheyComeMoveAndGo()
    {
        var attendance = new RoomAttendance();
        var candidateA = new RoomMember(A, RoomActor.Candidate, "Alice", null);
        var iris = new RoomMember(A, RoomActor.Interviewer, "Iris", "u1");
        var irisInB = iris with { InterviewId = B };
        var bob = new RoomMember(B, RoomActor.Interviewer, "bob", "u2");

        Assert.Null(attendance.Joined("c1", candidateA));
        Assert.Null(attendance.Joined("c2", candidateA));  // a second tab
        Assert.Null(attendance.Joined("i1", iris));
        Assert.Null(attendance.Joined("b1", bob));
        Assert.Null(attendance.Joined("i1", iris));  // the same connection joins again

        Assert.Equal([("Alice", "candidate"), ("Iris", "interviewer")], attendance.Of(A).Select(p => (p.Name, p.Role)));
        Assert.Equal([("bob", "interviewer")], attendance.Of(B).Select(p => (p.Name, p.Role)));

        // Iris's only connection moves to B: she has left A, and B lists her by name after bob.
        Assert.Equal(iris, attendance.Joined("i1", irisInB));
        Assert.Equal(["Alice"], attendance.Of(A).Select(p => p.Name));
        Assert.Equal(["bob", "Iris"], attendance.Of(B).Select(p => p.Name));

        Assert.Equal(new RoomDeparture(A, null), attendance.Left("c1"));  // one tab of two
        Assert.Equal(new RoomDeparture(A, candidateA), attendance.Left("c2"));
        Assert.Empty(attendance.Of(A));
        Assert.Null(attendance.Left("c2"));
        Assert.Equal(2, attendance.Of(B).Count);
    }
}
