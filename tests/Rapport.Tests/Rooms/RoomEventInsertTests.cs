using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Data;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// The room log writes its events with its own INSERT (RoomEventInsert), not EF Core's change
/// tracking. The oracle is EF Core itself: the same events saved with <c>SaveChanges</c> for
/// another interview must give the same stored values, column by column, on both databases.
/// </summary>
public sealed class RoomEventInsertTests
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task TheLogsInsert_StoresExactlyWhatSaveChangesStores(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var (ours, efs) = (world.InterviewA.Interview.Id, world.InterviewB.Interview.Id);
        app.Time.SetUtcNow(new DateTimeOffset(2031, 2, 3, 4, 5, 6, 789, TimeSpan.Zero));
        RoomEventPayload[] payloads =
        [
            new ParticipantJoined("Zoë Ngọc 🙂", RoomActor.Candidate),
            new PadUpdated(0, "client-1", System.Text.Json.JsonDocument.Parse("[[0,\"a😀\\n\\\"b\\\"\"]]").RootElement, RoomActor.Candidate),
            new NoteAdded("A note with 'quotes' and \"doubles\"", null, "Ada"),
            new SectionChanged(1, "Main Problem"),
        ];

        var written = await app.InScopeAsync(async s =>
        {
            var log = s.GetRequiredService<RoomLog>();
            var first = await log.AppendAsync(ours, payloads[0], RoomActor.Candidate, null, CancellationToken.None);
            var rest = await log.AppendAllAsync(ours, payloads[1..], RoomActor.Interviewer, world.InterviewerOnA.Id, CancellationToken.None);
            return (IReadOnlyList<LoggedEvent>)[first, .. rest];
        });
        await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            foreach (var logged in written)
            {
                var e = logged.Entry;
                db.RoomEvents.Add(new RoomEvent
                {
                    InterviewId = efs,
                    Sequence = e.Sequence,
                    Type = e.Type,
                    SchemaVersion = e.SchemaVersion,
                    Payload = e.Payload,
                    At = e.At,
                    Audience = e.Audience,
                    Actor = e.Actor,
                    ActorId = e.ActorId,
                    PadVersion = e.PadVersion,
                });
            }

            return await db.SaveChangesAsync();
        });

        var stored = await app.InScopeAsync(async s => (await RowsAsync(s.GetRequiredService<AppDbContext>(), ours), await RowsAsync(s.GetRequiredService<AppDbContext>(), efs)));

        Assert.Equal(4, stored.Item1.Count);
        Assert.Equal(stored.Item2, stored.Item1);
        Assert.All(written, w => Assert.True(w.Entry.Id > 0));
        Assert.Equal(written.Count, written.Select(w => w.Entry.Id).Distinct().Count());
        // Read back through EF, the events are the ones written.
        var read = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(ours, RoomAudience.Interviewers, CancellationToken.None));
        Assert.Equal(written.Select(w => (w.Entry.Id, w.Entry.Sequence, w.Entry.Payload, w.Entry.At, w.Entry.ActorId)), read.Select(r => (r.Entry.Id, r.Entry.Sequence, r.Entry.Payload, r.Entry.At, r.Entry.ActorId)));
    }

    /// <summary>
    /// A group of 103 events from two rooms, interleaved, goes in multi-row statements (64, 32, 4, 2
    /// and 1 rows on PostgreSQL; 4 rows at most on SQLite); each event gets the id of its own row
    /// (the database's, read back by EF), whatever order RETURNING gives them in. Then the same
    /// insert on a second connection prepares its statements again.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task AGroupOfManyRooms_GoesInMultiRowStatements_AndEachEventGetsItsOwnRowsId(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        Guid[] rooms = [world.InterviewA.Interview.Id, world.InterviewB.Interview.Id, world.InterviewA.Interview.Id];
        var sequences = new Dictionary<Guid, long>();
        RoomEvent Next(int i)
        {
            var room = rooms[i % rooms.Length];
            var sequence = sequences[room] = sequences.GetValueOrDefault(room) + 1;
            return new RoomEvent
            {
                InterviewId = room,
                Sequence = sequence,
                Type = "pad-updated",
                SchemaVersion = 1,
                Payload = $"{{\"n\":{i}}}",
                At = app.Time.GetUtcNow(),
                Audience = RoomAudience.Everyone,
                Actor = i % 2 == 0 ? RoomActor.Candidate : RoomActor.Interviewer,
                ActorId = i % 2 == 0 ? null : world.InterviewerOnA.Id,
                PadVersion = i,
            };
        }

        var first = Enumerable.Range(0, 103).Select(Next).ToList();
        var second = Enumerable.Range(103, 5).Select(Next).ToList();
        using var insert = await app.InScopeAsync(s => Task.FromResult(RoomEventInsert.For(s.GetRequiredService<AppDbContext>())));
        foreach (var group in new[] { first, second })
        {
            // Each group on a connection of its own, as after the writer opens a new one.
            await app.InScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                await db.Database.OpenConnectionAsync();
                await using var transaction = await db.Database.BeginTransactionAsync();
                await insert.InsertAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), group);
                await transaction.CommitAsync();
                await db.Database.CloseConnectionAsync();
                return 0;
            });
        }

        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RoomEvents.AsNoTracking()
            .Select(e => new { e.Id, e.InterviewId, e.Sequence, e.Payload, e.PadVersion, e.ActorId }).ToListAsync());
        Assert.Equal(108, stored.Count);
        Assert.Equal(
            first.Concat(second).Select(e => (e.Id, e.InterviewId, e.Sequence, e.Payload, e.PadVersion, e.ActorId)).OrderBy(e => e.Id),
            stored.Select(e => (e.Id, e.InterviewId, e.Sequence, e.Payload, e.PadVersion, e.ActorId)).OrderBy(e => e.Id));
    }

    /// <summary>Every stored column but the id and the interview, as the database gives them back, in sequence order.</summary>
    private static async Task<List<string>> RowsAsync(AppDbContext db, Guid interviewId)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var rows = new List<string>();
        var ids = await db.RoomEvents.Where(e => e.InterviewId == interviewId).OrderBy(e => e.Sequence).Select(e => e.Id).ToListAsync();
        foreach (var id in ids)
        {
            command.CommandText = $"SELECT * FROM \"RoomEvents\" WHERE \"Id\" = {id}";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            // The interview's column differs in value only: its stored type (and so its format) must be the same.
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                .Where(i => reader.GetName(i) != "Id")
                .Select(i => reader.GetName(i) == "InterviewId"
                    ? $"InterviewId={reader.GetFieldType(i).Name}:{Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!.Length} characters"
                    : $"{reader.GetName(i)}={reader.GetFieldType(i).Name}:{(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}")));
        }

        return rows;
    }
}
