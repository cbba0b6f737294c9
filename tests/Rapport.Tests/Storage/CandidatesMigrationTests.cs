using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rapport.Data;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Storage;

/// <summary>
/// The CandidatesAndLoops migration on a database the previous migration made, with interviews
/// in it: each interview becomes its own loop, one candidate per email whatever its case, and an
/// interview whose room was used is in progress or ended.
/// </summary>
public sealed class CandidatesMigrationTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExistingInterviews_BecomeCandidatesAndLoops_OneCandidatePerEmail(string provider)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Context();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("MailOutbox");

        // The migration compares with the database's own clock, so this test runs on the real one.
        var now = TimeProvider.System.GetUtcNow();
        var ended = Guid.NewGuid();
        var planned = Guid.NewGuid();
        var inProgress = Guid.NewGuid();
        var accented = Guid.NewGuid();
        var sql = new Sql(provider);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "CreatedAt", "EmailConfirmed", "LockoutEnabled", "PhoneNumberConfirmed", "TwoFactorEnabled", "AccessFailedCount")
            VALUES ('planner', 'Pat Planner', {0}, TRUE, TRUE, FALSE, FALSE, 0);
            """, sql.At(now.AddDays(-30)));
        // The same person twice, their email in two cases: the earlier interview names the candidate.
        await InsertInterviewAsync(db, sql, ended, "Ada Lovelace", "Ada@Example.org", "Backend Engineer", created: now.AddDays(-20), scheduled: now.AddDays(-10));
        await InsertInterviewAsync(db, sql, planned, "Ada L.", "ada@example.ORG", "ML Engineer", created: now.AddDays(-5), scheduled: now.AddDays(3));
        await InsertInterviewAsync(db, sql, inProgress, "Grace Hopper", "grace@example.org", "Backend Engineer", created: now.AddDays(-4), scheduled: now.AddMinutes(-10));
        // Only ASCII letters fold, as Candidate.NormalizeEmail folds them: É and é stay apart.
        await InsertInterviewAsync(db, sql, accented, "Élodie Durand", "ÉLODIE@example.org", "Data Scientist", created: now.AddDays(-3), scheduled: now.AddDays(4));
        await InsertRoomEventAsync(db, sql, ended, 1, now.AddDays(-10).AddMinutes(1));
        await InsertRoomEventAsync(db, sql, ended, 2, now.AddDays(-10).AddMinutes(50));
        await InsertRoomEventAsync(db, sql, inProgress, 1, now.AddMinutes(-9));

        await migrator.MigrateAsync();

        var candidates = await db.Candidates.AsNoTracking().OrderBy(c => c.Name).ToListAsync();
        Assert.Equal(["Ada Lovelace", "Grace Hopper", "Élodie Durand"], candidates.Select(c => c.Name));
        Assert.All(candidates, c => Assert.Equal(Candidate.NormalizeEmail(c.Email), c.NormalizedEmail));
        var ada = candidates[0];
        Assert.Equal("Ada@Example.org", ada.Email);
        Assert.Equal("ÉLODIE@example.org", candidates[2].Email);

        var interviews = await db.Interviews.AsNoTracking().Include(i => i.Loop).ThenInclude(l => l!.Candidate).ToDictionaryAsync(i => i.Id);
        Assert.Equal(4, interviews.Count);
        Assert.All(interviews.Values, i =>
        {
            Assert.Equal(i.Id, i.LoopId);
            Assert.Equal("planner", i.Loop!.DebriefLeadId);
            Assert.Equal(LoopState.Interviewing, i.Loop.State);
        });
        Assert.Equal(ada.Id, interviews[ended].Loop!.CandidateId);
        Assert.Equal(ada.Id, interviews[planned].Loop!.CandidateId);
        Assert.Equal("Backend Engineer", interviews[ended].Loop!.Role);
        Assert.Equal("ML Engineer", interviews[planned].Loop!.Role);

        Assert.Equal(InterviewStatus.Ended, interviews[ended].Status);
        // PostgreSQL keeps microseconds, SQLite milliseconds: compare to the millisecond.
        Assert.Equal(now.AddDays(-10).AddMinutes(1).ToUnixTimeMilliseconds(), interviews[ended].StartedAt?.ToUnixTimeMilliseconds());
        Assert.Equal(now.AddDays(-10).AddMinutes(50).ToUnixTimeMilliseconds(), interviews[ended].EndedAt?.ToUnixTimeMilliseconds());
        Assert.Equal(InterviewStatus.InProgress, interviews[inProgress].Status);
        Assert.Null(interviews[inProgress].EndedAt);
        Assert.Equal(InterviewStatus.Planned, interviews[planned].Status);
        Assert.Null(interviews[planned].StartedAt);
        Assert.Equal(InterviewStatus.Planned, interviews[accented].Status);

        // The new reference holds: a loop with interviews cannot be deleted from under them.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            db.Database.ExecuteSqlRawAsync("""DELETE FROM "Loops" WHERE "Id" = {0}""", sql.Id(planned)));

        // The migrated candidate is the one a new plan finds, whatever case the email is typed in.
        Assert.Equal(ada.Id, await db.Candidates.Where(c => c.NormalizedEmail == Candidate.NormalizeEmail("ADA@example.org")).Select(c => c.Id).SingleAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    private static Task<int> InsertInterviewAsync(AppDbContext db, Sql sql, Guid id, string name, string email, string role, DateTimeOffset created, DateTimeOffset scheduled) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Interviews" ("Id", "CandidateName", "CandidateEmail", "Role", "ScheduledAt", "DurationMinutes", "ExtraTimePercent", "CreatedById", "CreatedAt")
            VALUES ({0}, {1}, {2}, {3}, {4}, 60, 0, 'planner', {5});
            """, sql.Id(id), name, email, role, sql.At(scheduled), sql.At(created));

    private static Task<int> InsertRoomEventAsync(AppDbContext db, Sql sql, Guid interview, long sequence, DateTimeOffset at) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "RoomEvents" ("InterviewId", "Sequence", "Type", "Actor", "Audience", "Payload", "SchemaVersion", "At")
            VALUES ({0}, {1}, 'note-added', 'interviewer', 'panel', {2}, 1, {3});
            """, sql.Id(interview), sequence, "{}", sql.At(at));

    /// <summary>Values as each provider stores them: SQLite keeps ids as upper-case text and times as Unix milliseconds.</summary>
    private sealed record Sql(string Provider)
    {
        private bool IsSqlite => Provider == TestStorage.Sqlite;

        public object Id(Guid id) => IsSqlite ? id.ToString().ToUpperInvariant() : id;

        public object At(DateTimeOffset at) => IsSqlite ? at.ToUnixTimeMilliseconds() : at.ToUniversalTime();
    }
}
