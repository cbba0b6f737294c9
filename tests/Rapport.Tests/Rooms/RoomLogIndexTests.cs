using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// The room log keeps one index on (interview, type, pad version) for two jobs: refusing a second
/// pad update of a version in a room (ADR 16's fence), and letting any number of other events of
/// one type through (their versions are null, and nulls never collide in a unique index). The
/// oracle is each database's own unique-key refusal, on both databases.
/// </summary>
public sealed class RoomLogIndexTests
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task TheLogRefusesASecondUpdateOfAVersion_AndTakesManyEventsOfOneTypeWithoutAVersion(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var (room, other) = (world.InterviewA.Interview.Id, world.InterviewB.Interview.Id);

        // Three notes, two section changes, and version 7 once in each room: all stored.
        await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.RoomEvents.AddRange(
                Event(room, 1, "note-added", null),
                Event(room, 2, "note-added", null),
                Event(room, 3, "section-changed", null),
                Event(room, 4, "note-added", null),
                Event(room, 5, "section-changed", null),
                Event(room, 6, "pad-updated", 7),
                Event(other, 1, "pad-updated", 7));
            return await db.SaveChangesAsync();
        });

        var refused = await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.RoomEvents.Add(Event(room, 7, "pad-updated", 7));
            return await db.SaveChangesAsync();
        }));

        Assert.True(UniqueViolation.Is(refused), refused.ToString());
        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RoomEvents
            .Where(e => e.InterviewId == room).OrderBy(e => e.Sequence).Select(e => e.Type).ToListAsync());
        Assert.Equal(["note-added", "note-added", "section-changed", "note-added", "section-changed", "pad-updated"], stored);
    }

    private static RoomEvent Event(Guid interviewId, long sequence, string type, int? padVersion) => new()
    {
        InterviewId = interviewId,
        Sequence = sequence,
        Type = type,
        SchemaVersion = 1,
        Payload = "{}",
        PadVersion = padVersion,
    };
}
