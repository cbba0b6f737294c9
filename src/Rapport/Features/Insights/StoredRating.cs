using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Insights;

/// <summary>
/// One change of the stored ratings: an import of a ratings file, or one scorecard's levels
/// (submitted or amended). Who brought it in, when, and how many ratings it added and superseded.
/// Every change adds a batch, which is what tells the calibration cache to recompute.
/// </summary>
public sealed class RatingBatch
{
    public Guid Id { get; init; }

    public DateTimeOffset ImportedAt { get; init; }

    /// <summary>Who stored it: the person importing, or the interviewer whose scorecard it is.</summary>
    public required string ImportedBy { get; init; }

    /// <summary>The file's name as given, or the label of the scorecard flow ("scorecard"), for people to recognise the batch.</summary>
    public required string Source { get; init; }

    public int RatingCount { get; init; }

    /// <summary>Current ratings this batch superseded (an amendment); always 0 for an import.</summary>
    public int SupersededCount { get; init; }
}

/// <summary>
/// One rating, keyed by the ids of the system it came from (an applicant-tracking export, or
/// Rapport's own scorecards). Ratings are history: a row is never edited or deleted, except that a
/// later rating of the same interview, interviewer, question and signal (a scorecard amendment)
/// marks it superseded. Every analysis reads only current rows (<see cref="SupersededAt"/> null);
/// an import never supersedes anything: a re-import that disagrees is refused.
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

    /// <summary>When a later rating replaced or withdrew this one; null while it is current.</summary>
    public DateTimeOffset? SupersededAt { get; private set; }

    /// <summary>
    /// The batch that superseded this rating: its replacement is in that batch, unless the amendment
    /// withdrew the signal. Not a foreign key: batches are never deleted, and adding one would make
    /// SQLite rebuild the ratings table, outside a transaction, on every existing database.
    /// </summary>
    public Guid? SupersededByBatchId { get; private set; }

    public bool IsCurrent => SupersededAt is null;

    /// <summary>Marks this rating as history. A rating is superseded once: the database refuses a second time (see the configuration).</summary>
    public void Supersede(Guid batchId, DateTimeOffset at)
    {
        if (SupersededAt is not null)
        {
            throw new InvalidOperationException($"The rating {Id} was already superseded at {SupersededAt:O}.");
        }

        SupersededAt = at;
        SupersededByBatchId = batchId;
    }
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
        // A signal has one current rating per interviewer, question and interview: the database holds
        // the rule too. History rows (superseded) are outside the filter; the same SQL works on
        // SQLite and PostgreSQL (both accept a partial index with a double-quoted column name).
        builder.HasIndex(r => new { r.InterviewKey, r.InterviewerKey, r.QuestionKey, r.Signal }, "IX_StoredRatings_OneCurrentPerSignal")
            .IsUnique()
            .HasFilter("\"SupersededAt\" IS NULL");
        builder.HasIndex(r => r.InterviewerKey);
        builder.Ignore(r => r.IsCurrent);
        // The update that supersedes a row checks it was still current: of two amendments racing
        // for the same rating, the second fails instead of both "replacing" it.
        builder.Property(r => r.SupersededAt).IsConcurrencyToken();
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
