using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Cluster;

/// <summary>
/// Which node holds a room now, and until when unless it renews (ADR 16). One row per room that is
/// open somewhere; PostgreSQL's clock decides expiry, so the nodes' clocks need not agree.
/// </summary>
public sealed class RoomOwner
{
    public Guid InterviewId { get; init; }

    /// <summary>The holding node's id for this run of its process.</summary>
    public required string Node { get; init; }

    /// <summary>Where the other nodes forward the room's connections (<see cref="ClusterOptions.NodeUrl"/>).</summary>
    public required string Address { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}

internal sealed class RoomOwnerConfiguration : IEntityTypeConfiguration<RoomOwner>
{
    public void Configure(EntityTypeBuilder<RoomOwner> builder)
    {
        builder.HasKey(o => o.InterviewId);
        builder.Property(o => o.Node).HasMaxLength(32);
        builder.Property(o => o.Address).HasMaxLength(300);
        builder.HasIndex(o => o.Node);
        builder.HasOne<Interviews.Interview>().WithMany().HasForeignKey(o => o.InterviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
