using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Scorecards;

/// <summary>An overall recommendation, from the scale every hiring panel knows.</summary>
public enum Recommendation
{
    StrongNo,
    No,
    Yes,
    StrongYes,
}

/// <summary>
/// One submitted version of a scorecard, never changed once written: the submission (number 1)
/// or an amendment with its reason. The debrief shows the latest and, beside it, what changed.
/// </summary>
public sealed class ScorecardRevision
{
    public const int MaxReasonLength = 1000;

    public long Id { get; init; }

    public Guid ScorecardId { get; init; }

    /// <summary>1 for the submission, then 2, 3… for amendments.</summary>
    public int Number { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Why it was amended; null for the submission.</summary>
    public string? Reason { get; init; }

    public Recommendation Recommendation { get; init; }

    /// <summary>The whole scorecard as submitted (<see cref="ScorecardContent"/> as JSON).</summary>
    public required string ContentJson { get; init; }

    /// <summary>What the language check found in its evidence (a list of <see cref="LanguageCheckFinding"/> as JSON), kept for coaching.</summary>
    public required string FindingsJson { get; init; }
}

internal sealed class ScorecardRevisionConfiguration : IEntityTypeConfiguration<ScorecardRevision>
{
    public void Configure(EntityTypeBuilder<ScorecardRevision> builder)
    {
        builder.Property(r => r.Reason).HasMaxLength(ScorecardRevision.MaxReasonLength);
        builder.Property(r => r.Recommendation).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.ScorecardId, r.Number }).IsUnique();
    }
}
