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
    /// every other event. Unique within the room, so the log itself refuses a second update of the
    /// same version, whichever server writes it (ADR 16): a pad that lags the log can never commit.
    /// </summary>
    public int? PadVersion { get; init; }
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
        // One index for both reading a room's events of some types and refusing a second pad update
        // of the same version (pad updates alone have a version; the others' nulls never collide).
        // Each index is one more page written per room and commit on the keystroke's path: with two
        // separate indexes a commit at 100 rooms took 66 writes, with this one 46 (bench/README, "Rooms").
        builder.HasIndex(e => new { e.InterviewId, e.Type, e.PadVersion }).IsUnique();
        builder.HasOne<Interviews.Interview>().WithMany().HasForeignKey(e => e.InterviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
