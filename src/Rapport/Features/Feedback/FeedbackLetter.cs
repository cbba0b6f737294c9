using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Accounts;
using Rapport.Features.Candidates;

namespace Rapport.Features.Feedback;

/// <summary>A letter is drafted by Rapport, edited and approved by a person, then sent; each step in order.</summary>
public enum FeedbackLetterState
{
    Draft,
    Approved,
    Sent,
}

/// <summary>
/// The feedback a candidate receives when their loop is decided, one per loop: the outcome said
/// plainly, what went well and what to grow with where to learn more, and their own final code.
/// Rapport drafts it from the submitted evidence (<see cref="FeedbackDrafter"/>); a person edits
/// and approves it before it goes anywhere. It never holds levels, recommendations, evidence or
/// notes: only what a person approved for the candidate to read.
/// </summary>
public sealed class FeedbackLetter
{
    public const int MaxOutcomeLength = 4000;
    public const int MaxFeedbackLength = 20000;

    public Guid Id { get; init; }

    public Guid LoopId { get; init; }

    public Loop? Loop { get; init; }

    public FeedbackLetterState State { get; set; }

    /// <summary>
    /// The decision the outcome was written for. A decision revised before sending rewrites the
    /// outcome and asks for a new approval (<see cref="FeedbackDesk"/>), so a letter never tells the
    /// candidate a decision the debrief no longer holds.
    /// </summary>
    public LoopDecision Decision { get; set; }

    /// <summary>The decision in words for the candidate: the letter's opening.</summary>
    public required string Outcome { get; set; }

    /// <summary>What went well, what to grow, where to learn more: paragraphs, and lists whose lines start with "- ".</summary>
    public required string Feedback { get; set; }

    /// <summary>The candidate's final code of each coding question (a list of <see cref="FinalCode"/> as JSON), read from the room logs when drafted.</summary>
    public required string CodeJson { get; init; }

    /// <summary>Raised by every change: an edit from a stale page, or two sends at once, is refused instead of winning silently.</summary>
    public int Version { get; set; }

    public DateTimeOffset DraftedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? ApprovedById { get; set; }

    public AppUser? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public string? SentById { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public IReadOnlyList<FinalCode> Code => FinalCode.ListFromJson(CodeJson);
}

internal sealed class FeedbackLetterConfiguration : IEntityTypeConfiguration<FeedbackLetter>
{
    public void Configure(EntityTypeBuilder<FeedbackLetter> builder)
    {
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Outcome).HasMaxLength(FeedbackLetter.MaxOutcomeLength);
        builder.Property(l => l.Feedback).HasMaxLength(FeedbackLetter.MaxFeedbackLength);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Property(l => l.ApprovedById).HasMaxLength(450);
        builder.Property(l => l.SentById).HasMaxLength(450);
        builder.Ignore(l => l.Code);
        // One letter per loop, even when two people open the page of a decided loop at the same moment.
        builder.HasIndex(l => l.LoopId).IsUnique();
        builder.HasOne(l => l.Loop).WithMany().HasForeignKey(l => l.LoopId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(l => l.ApprovedBy).WithMany().HasForeignKey(l => l.ApprovedById).OnDelete(DeleteBehavior.Restrict);
    }
}
