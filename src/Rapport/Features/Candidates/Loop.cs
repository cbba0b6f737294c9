using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Features.Candidates;

/// <summary>Where a loop stands. Each step follows the one before; none is skipped.</summary>
public enum LoopState
{
    /// <summary>Interviews are planned or under way.</summary>
    Interviewing,

    /// <summary>The panel's scorecards are in (or the deadline passed): the debrief lead can decide.</summary>
    Debrief,

    /// <summary>A decision is recorded with its rationale.</summary>
    Decided,

    /// <summary>The candidate has received their feedback letter.</summary>
    FeedbackSent,
}

/// <summary>What the debrief decided.</summary>
public enum LoopDecision
{
    Hire,
    NoHire,

    /// <summary>The evidence is too thin to decide: another interview in the same loop.</summary>
    MoreSignal,
}

/// <summary>
/// One candidate's interviews for one role (a phone screen, then an onsite of three or four), the
/// person who leads its debrief, and where it stands.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "A loop is the interview world's name for it; Rapport has no Visual Basic callers.")]
public sealed class Loop
{
    public const int MaxRoleLength = 200;
    public const int MaxRationaleLength = 4000;

    public Guid Id { get; init; }

    public Guid CandidateId { get; init; }

    public Candidate? Candidate { get; init; }

    /// <summary>The job the candidate interviews for, e.g. "ML Engineer".</summary>
    public required string Role { get; set; }

    /// <summary>Who leads the debrief and records the decision; by default whoever started the loop.</summary>
    public required string DebriefLeadId { get; set; }

    public AppUser? DebriefLead { get; init; }

    public LoopState State { get; set; }

    /// <summary>When the debrief opens even if some scorecards are missing; set by a coordinator.</summary>
    public DateTimeOffset? DebriefDeadline { get; set; }

    /// <summary>The debrief's decision; null until one is recorded.</summary>
    public LoopDecision? Decision { get; set; }

    /// <summary>Why, in the debrief lead's words: part of the hiring record, never sent to the candidate.</summary>
    public string? DecisionRationale { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedById { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public List<Interview> Interviews { get; } = [];
}

internal sealed class LoopConfiguration : IEntityTypeConfiguration<Loop>
{
    public void Configure(EntityTypeBuilder<Loop> builder)
    {
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Role).HasMaxLength(Loop.MaxRoleLength);
        builder.Property(l => l.DebriefLeadId).HasMaxLength(450);
        // Stored by name: a database reader (or a report) sees "Debrief", not 1.
        builder.Property(l => l.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.DecisionRationale).HasMaxLength(Loop.MaxRationaleLength);
        builder.Property(l => l.DecidedById).HasMaxLength(450);
        builder.HasOne(l => l.DebriefLead).WithMany().HasForeignKey(l => l.DebriefLeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(l => l.Interviews).WithOne(i => i.Loop).HasForeignKey(i => i.LoopId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.CandidateId);
    }
}
