using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Insights;

/// <summary>One import of a ratings file: who brought it in, when, and how many ratings were new.</summary>
public sealed class RatingBatch
{
    public Guid Id { get; init; }

    public DateTimeOffset ImportedAt { get; init; }

    public required string ImportedBy { get; init; }

    /// <summary>The file's name as given, for people to recognise the import.</summary>
    public required string Source { get; init; }

    public int RatingCount { get; init; }
}

/// <summary>
/// One imported rating, keyed by the ids of the system it came from (an applicant-tracking export,
/// later Rapport's own scorecards). Never changed after import: a re-import that disagrees is refused.
/// </summary>
public sealed class StoredRating
{
    public long Id { get; init; }

    public Guid BatchId { get; init; }

    public required string InterviewKey { get; init; }

    public required string CandidateKey { get; init; }

    public required string InterviewerKey { get; init; }

    public required string QuestionKey { get; init; }

    public required string Signal { get; init; }

    public int Value { get; init; }

    public DateTimeOffset RatedAt { get; init; }
}

/// <summary>
/// A candidate's voluntary self-identified group, in its own table and on nothing else: no
/// rating, interview or model input refers to it. Read only by the fairness analyses that
/// coordinators and admins see.
/// </summary>
public sealed class CandidateSelfIdentification
{
    public required string CandidateKey { get; init; }

    public required string Group { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}

internal sealed class RatingBatchConfiguration : IEntityTypeConfiguration<RatingBatch>
{
    public void Configure(EntityTypeBuilder<RatingBatch> builder)
    {
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.ImportedBy).HasMaxLength(256);
        builder.Property(b => b.Source).HasMaxLength(260);
    }
}

internal sealed class StoredRatingConfiguration : IEntityTypeConfiguration<StoredRating>
{
    public void Configure(EntityTypeBuilder<StoredRating> builder)
    {
        // The ids follow the ratings CSV: at most 200 characters each.
        builder.Property(r => r.InterviewKey).HasMaxLength(200);
        builder.Property(r => r.CandidateKey).HasMaxLength(200);
        builder.Property(r => r.InterviewerKey).HasMaxLength(200);
        builder.Property(r => r.QuestionKey).HasMaxLength(200);
        builder.Property(r => r.Signal).HasMaxLength(200);
        // A signal is rated once per interviewer, question and interview: the database holds the rule too.
        builder.HasIndex(r => new { r.InterviewKey, r.InterviewerKey, r.QuestionKey, r.Signal }).IsUnique();
        builder.HasIndex(r => r.InterviewerKey);
        builder.HasOne<RatingBatch>().WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CandidateSelfIdentificationConfiguration : IEntityTypeConfiguration<CandidateSelfIdentification>
{
    public void Configure(EntityTypeBuilder<CandidateSelfIdentification> builder)
    {
        builder.ToTable("CandidateSelfIdentifications");
        builder.HasKey(s => s.CandidateKey);
        builder.Property(s => s.CandidateKey).HasMaxLength(200);
        builder.Property(s => s.Group).HasMaxLength(200);
    }
}
