using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Accounts;
using Rapport.Features.Candidates;

namespace Rapport.Features.Debrief;

/// <summary>
/// One decision as the debrief recorded it, never changed once written. The loop holds the latest
/// (<see cref="Loop.Decision"/>); a revision before feedback is sent adds a record here, so the
/// hiring record shows every decision, its rationale, who made it and when.
/// </summary>
public sealed class LoopDecisionRecord
{
    public long Id { get; init; }

    public Guid LoopId { get; init; }

    /// <summary>1 for the first decision of the loop, then 2, 3… for each revision or later decision.</summary>
    public int Number { get; init; }

    public LoopDecision Decision { get; init; }

    public required string Rationale { get; init; }

    public required string DecidedById { get; init; }

    public AppUser? DecidedBy { get; init; }

    public DateTimeOffset DecidedAt { get; init; }
}

internal sealed class LoopDecisionRecordConfiguration : IEntityTypeConfiguration<LoopDecisionRecord>
{
    public void Configure(EntityTypeBuilder<LoopDecisionRecord> builder)
    {
        builder.Property(r => r.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Rationale).HasMaxLength(Loop.MaxRationaleLength);
        builder.Property(r => r.DecidedById).HasMaxLength(450);
        builder.HasOne<Loop>().WithMany().HasForeignKey(r => r.LoopId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.DecidedBy).WithMany().HasForeignKey(r => r.DecidedById).OnDelete(DeleteBehavior.Restrict);
        // Two decisions at once cannot both become number n: the second save fails and is told to reload.
        builder.HasIndex(r => new { r.LoopId, r.Number }).IsUnique();
    }
}
