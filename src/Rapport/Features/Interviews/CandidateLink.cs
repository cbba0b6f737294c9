using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Interviews;

/// <summary>
/// A capability that grants one interview's candidate view. Only the SHA-256 of the token is
/// kept: whoever reads the database cannot open a candidate's interview.
/// </summary>
public sealed class CandidateLink
{
    public Guid Id { get; init; }

    public Guid InterviewId { get; init; }

    public required byte[] TokenHash { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    /// <summary>The end of the interview plus the grace period, fixed when the link is issued.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public CandidateLinkState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? CandidateLinkState.Revoked
        : now >= ExpiresAt ? CandidateLinkState.Expired
        : CandidateLinkState.Active;
}

public enum CandidateLinkState
{
    Active,
    Expired,
    Revoked,
}

internal sealed class CandidateLinkConfiguration : IEntityTypeConfiguration<CandidateLink>
{
    public void Configure(EntityTypeBuilder<CandidateLink> builder)
    {
        // Links are added through Interview.CandidateLinks with their id already set: it must mean "new".
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.TokenHash).HasMaxLength(32);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        // At most one working link per interview, even when two coordinators issue one at the same moment.
        builder.HasIndex(l => l.InterviewId, "IX_CandidateLinks_OneActivePerInterview").IsUnique().HasFilter("\"RevokedAt\" IS NULL");
    }
}
