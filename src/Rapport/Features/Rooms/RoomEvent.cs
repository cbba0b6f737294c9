using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Rooms;

/// <summary>Who may read an event: everyone in the room, or interviewers only.</summary>
public enum RoomAudience
{
    Everyone,
    Interviewers,
}

public enum RoomActor
{
    System,
    Candidate,
    Interviewer,
}

/// <summary>
/// One entry of a room's append-only log. Everything a room does is one of these, with the
/// server's time: replay, coaching, scorecard evidence and crash recovery all read the same log.
/// The payload is typed JSON (<see cref="RoomEventPayload"/>) with its own schema version, so
/// readers years later still know what they hold.
/// </summary>
public sealed class RoomEvent
{
    /// <summary>The database's; set when the event is written (see <see cref="RoomEventInsert"/>).</summary>
    public long Id { get; set; }

    public Guid InterviewId { get; init; }

    /// <summary>1, 2, 3… within the room: the order events happened in.</summary>
    public long Sequence { get; init; }

    public required string Type { get; init; }

    public int SchemaVersion { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset At { get; init; }

    public RoomAudience Audience { get; init; }

    public RoomActor Actor { get; init; }

    /// <summary>The staff user's id for interviewers; null for the candidate and the system.</summary>
    public string? ActorId { get; init; }

    /// <summary>
    /// For a pad update, the pad's version it applies to (<see cref="PadUpdated.Version"/>); null for
    /// every other event. Pad versions only grow within a room, and the log refuses a second update
    /// of a version, whichever server writes it (ADR 16): a pad that lags the log can never commit.
    /// The writer checks it (<see cref="PadVersionTakenException"/>); on PostgreSQL, where several
    /// servers write, a unique index backs it up.
    /// </summary>
    public int? PadVersion { get; init; }

    /// <summary>
    /// What the log's writer takes: the event <paramref name="payload"/> makes at the sequence number
    /// the writer gives it (<see cref="RoomLogWriter.WriteAllAsync"/>). The payload is serialized once, here.
    /// </summary>
    public static Func<long, RoomEvent> Making(Guid interviewId, RoomEventPayload payload, RoomActor actor, string? actorId, DateTimeOffset at)
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
            ActorId = actorId,
            PadVersion = (payload as PadUpdated)?.Version,
        };
    }
}

public static class RoomEventQueries
{
    /// <summary>
    /// A room's events of some types other than pad updates (notes, hints, questions, session facts):
    /// read through an index on (interview, type) rather than every keystroke of the room. On SQLite
    /// that index leaves pad updates out, and SQLite uses such a partial index only when the query
    /// repeats its condition, which is what this adds; on PostgreSQL the fence's index serves it.
    /// Order what it reads in memory: ordered by sequence in SQL, SQLite walks the room's sequence
    /// index instead, every keystroke of the room (<c>RoomLogFenceTests</c> reads the plan).
    /// </summary>
    public static IQueryable<RoomEvent> OfTypes(this IQueryable<RoomEvent> events, Guid interviewId, params string[] types) =>
        events.Where(e => e.InterviewId == interviewId && types.Contains(e.Type) && e.PadVersion == null);
}

internal sealed class RoomEventConfiguration : IEntityTypeConfiguration<RoomEvent>
{
    public void Configure(EntityTypeBuilder<RoomEvent> builder)
    {
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Audience).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Actor).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.HasIndex(e => new { e.InterviewId, e.Sequence }).IsUnique();
        // PostgreSQL's: one index for both reading a room's events of some types and refusing a second
        // pad update of the same version when two servers race for a room (pad updates alone have a
        // version; the others' nulls never collide). SQLite, one server, has its own (OnOneServer).
        builder.HasIndex(e => new { e.InterviewId, e.Type, e.PadVersion }).IsUnique();
        builder.HasOne<Interviews.Interview>().WithMany().HasForeignKey(e => e.InterviewId).OnDelete(DeleteBehavior.Cascade);
    }

    /// <summary>
    /// SQLite is one server's database (ADR 16), whose writer alone fences the pad's versions. Every
    /// index is one more page written per room and commit on the keystroke's path, and the fence's
    /// was the log's costliest: 24–38 % of its CPU per event (bench/README, "The room log alone").
    /// So on SQLite the index on (interview, type) leaves pad updates out, and nothing indexes their versions.
    /// </summary>
    public static void OnOneServer(EntityTypeBuilder<RoomEvent> builder)
    {
        var fence = builder.Metadata.FindIndex([builder.Metadata.FindProperty(nameof(RoomEvent.InterviewId))!, builder.Metadata.FindProperty(nameof(RoomEvent.Type))!, builder.Metadata.FindProperty(nameof(RoomEvent.PadVersion))!])
            ?? throw new InvalidOperationException("RoomEvents has no (InterviewId, Type, PadVersion) index to leave out on SQLite.");
        builder.Metadata.RemoveIndex(fence);
        builder.HasIndex(e => new { e.InterviewId, e.Type }, "IX_RoomEvents_InterviewId_Type_NotPad").HasFilter("\"PadVersion\" IS NULL");
    }
}
