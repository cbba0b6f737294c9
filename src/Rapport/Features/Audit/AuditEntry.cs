using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Audit;

/// <summary>
/// One entry of the audit log: who did what to which subject, when. Written in the same
/// transaction as the change it records (or, for a view, as the view is served) and never edited
/// or deleted: <see cref="RefuseEdits"/> runs before every save. It names people and ids and
/// says what happened in a sentence; it never holds a secret (no candidate link, no sign-in
/// link, no password) nor what an interviewer wrote as evidence.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxSummaryLength = 2000;

    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The staff member's user id, or <see cref="AuditActor.Rapport"/>'s for the command line and background work.</summary>
    public required string ActorId { get; init; }

    /// <summary>Their name at the time, so the log reads the same after an account is renamed.</summary>
    public required string ActorName { get; init; }

    /// <summary>One of <see cref="AuditKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>What happened, in a sentence a person can read later.</summary>
    public required string Summary { get; init; }

    public Guid? InterviewId { get; init; }

    public Guid? LoopId { get; init; }

    public Guid? CandidateId { get; init; }

    /// <summary>The staff account the entry is about (invited, role changed, sent a sign-in link).</summary>
    public string? PersonId { get; init; }

    /// <summary>Any other subject, by its id: a bank document's key and version, a ratings batch.</summary>
    public string? Subject { get; init; }

    /// <summary>
    /// Refuses a save that would change or remove an entry, whatever code path asked for it; an
    /// append-only log that can be edited is no evidence of anything.
    /// </summary>
    public static void RefuseEdits(ChangeTracker tracker)
    {
        var edited = tracker.Entries<AuditEntry>().FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted);
        if (edited is not null)
        {
            throw new InvalidOperationException($"The audit log is append-only: entry {edited.Entity.Id} ({edited.Entity.Kind}) cannot be {(edited.State == EntityState.Deleted ? "deleted" : "changed")}.");
        }
    }

    public static string Shortened(string summary) => summary.Length > MaxSummaryLength ? summary[..MaxSummaryLength] : summary;
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.Summary).HasMaxLength(AuditEntry.MaxSummaryLength);
        builder.Property(e => e.PersonId).HasMaxLength(450);
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.HasIndex(e => new { e.InterviewId, e.Id });
        builder.HasIndex(e => new { e.Kind, e.Id });
        builder.HasIndex(e => new { e.ActorId, e.Id });
        builder.HasIndex(e => new { e.PersonId, e.Id });
    }
}
