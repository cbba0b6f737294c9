using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Rapport.Data;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// The room log refuses a second pad update of a version in a room (ADR 16's fence), whichever
/// server writes it. The writer checks it, from what it remembers of each room and, when it
/// remembers nothing (another server's writer, or after forgetting), from the log itself. On
/// PostgreSQL, where servers race for a room, a unique index backs it up (the database's own
/// refusal is the oracle there); on SQLite nothing indexes pad versions, and reads by type use an
/// index that leaves the pad's keystrokes out (SQLite's own query plan is the oracle there).
/// </summary>
public sealed class RoomLogFenceTests
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task TheWriterRefusesAPadVersionTheLogHas_FromMemory_AndFromTheLog_AndTheRestOfTheGroupCommits(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var (room, other) = (world.InterviewA.Interview.Id, world.InterviewB.Interview.Id);
        var writer = app.Services.GetRequiredService<RoomLogWriter>();

        // Versions 0, 1, 2 in one push, and three notes (many events of one type, none with a version).
        await writer.WriteAllAsync(room, [Pad(room, 0), Pad(room, 1), Pad(room, 2)]);
        await writer.WriteAllAsync(room, [LoggedNotes.For(room, At), LoggedNotes.For(room, At), LoggedNotes.For(room, At)]);

        // The same writer remembers the room: version 2 again is refused, and nothing of the push is kept.
        var remembered = await Assert.ThrowsAsync<PadVersionTakenException>(() => writer.WriteAllAsync(room, [Pad(room, 2), Pad(room, 3)]));
        Assert.Equal((2, 2), (remembered.Version, remembered.Last));

        // Another server's writer remembers nothing: it reads where the room's log stands. Its stale
        // version 1 is refused while the other room's events, sent with it, commit.
        await using (var second = new RoomLogWriter(app.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<RoomLogWriter>.Instance, app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()))
        {
            var stale = second.WriteAllAsync(room, [Pad(room, 1)]);
            var elsewhere = second.WriteAllAsync(other, [Pad(other, 0), LoggedNotes.For(other, At)]);
            var read = await Assert.ThrowsAsync<PadVersionTakenException>(() => stale);
            Assert.Equal((1, 2), (read.Version, read.Last));
            Assert.Equal([1L, 2L], (await elsewhere).Select(e => e.Sequence));

            // The next version lands after everything, at the next sequence number.
            Assert.Equal(7, (await second.WriteAsync(room, Pad(room, 3))).Sequence);
        }

        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RoomEvents
            .Where(e => e.InterviewId == room).OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.PadVersion }).ToListAsync());
        Assert.Equal([(1L, (int?)0), (2, 1), (3, 2), (4, null), (5, null), (6, null), (7, 3)], stored.Select(e => (e.Sequence, e.PadVersion)));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task PadUpdatesFromBeforeVersionsWereKept_DoNotStopTheFirstVersionedOne(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var room = world.InterviewA.Interview.Id;
        // An older server's pad update: no version in its column.
        await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var older = Pad(room, 0)(1);
            db.RoomEvents.Add(new RoomEvent { InterviewId = room, Sequence = 1, Type = older.Type, SchemaVersion = older.SchemaVersion, Payload = older.Payload, At = At });
            return await db.SaveChangesAsync();
        });

        var writer = app.Services.GetRequiredService<RoomLogWriter>();
        Assert.Equal(2, (await writer.WriteAsync(room, Pad(room, 1))).Sequence);
        await Assert.ThrowsAsync<PadVersionTakenException>(() => writer.WriteAsync(room, Pad(room, 1)));
    }

    [Fact]
    public async Task OnPostgres_AUniqueIndexBacksTheFenceUp_ForServersRacingForARoom()
    {
        await using var app = await RapportTestApp.StartAsync(TestStorage.Postgres);
        var world = await InterviewWorld.CreateAsync(app);
        var room = world.InterviewA.Interview.Id;
        await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.RoomEvents.AddRange(Pad(room, 7)(1), LoggedNotes.For(room, At)(2), LoggedNotes.For(room, At)(3));
            return await db.SaveChangesAsync();
        });

        var refused = await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.RoomEvents.Add(Pad(room, 7)(4));
            return await db.SaveChangesAsync();
        }));
        Assert.True(UniqueViolation.Is(refused), refused.ToString());
    }

    [Fact]
    public async Task OnSqlite_NothingIndexesPadVersions_AndReadsByTypeUseTheIndexThatLeavesKeystrokesOut()
    {
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite);
        var world = await InterviewWorld.CreateAsync(app);
        var room = world.InterviewA.Interview.Id;
        var (indexes, plan) = await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            using var list = connection.CreateCommand();
            list.CommandText = "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'RoomEvents' AND sql IS NOT NULL ORDER BY name";
            var found = await ColumnAsync(list, 0);

            // What the scorecard's sheet asks: a room's questions, hints and notes (it orders them in memory).
            using var explain = db.RoomEvents.OfTypes(room, "question-chosen", "hint-revealed", "note-added").CreateDbCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + explain.CommandText;
            var steps = await ColumnAsync(explain, 3);
            return (found, explain.CommandText + " => " + string.Join(" | ", steps));
        });

        Assert.Equal(2, indexes.Count);
        Assert.Contains(indexes, i => i.StartsWith("IX_RoomEvents_InterviewId_Sequence: CREATE UNIQUE INDEX", StringComparison.Ordinal));
        var byType = Assert.Single(indexes, i => i.StartsWith("IX_RoomEvents_InterviewId_Type_NotPad:", StringComparison.Ordinal));
        Assert.EndsWith("WHERE \"PadVersion\" IS NULL", byType, StringComparison.Ordinal);
        Assert.True(plan.Contains("USING INDEX IX_RoomEvents_InterviewId_Type_NotPad", StringComparison.Ordinal), plan);
    }

    private static async Task<List<string>> ColumnAsync(System.Data.Common.DbCommand command, int column)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(column));
        }

        return values;
    }

    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000);

    private static Func<long, RoomEvent> Pad(Guid interviewId, int version) => LoggedPadUpdates.For(interviewId, version, At);
}
