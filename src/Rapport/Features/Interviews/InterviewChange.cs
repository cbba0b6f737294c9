using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Interviews;

/// <summary>
/// One entry of an interview's audit trail: who changed what, when. Written in the same
/// transaction as the change; never edited.
/// </summary>
public sealed class InterviewChange
{
    public const int MaxDetailLength = 2000;

    public const string Planned = "planned";
    public const string Rescheduled = "rescheduled";
    public const string PanelChanged = "panel-changed";
    public const string Cancelled = "cancelled";
    public const string Started = "started";
    public const string Ended = "ended";

    /// <summary>The loop's debrief lead changed; written to each interview of the loop (loops keep no trail of their own).</summary>
    public const string DebriefLeadChanged = "debrief-lead-changed";

    public long Id { get; init; }

    public Guid InterviewId { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The staff member who made the change.</summary>
    public required string ById { get; init; }

    /// <summary>Their name at the time, so the trail reads the same after an account is renamed.</summary>
    public required string ByName { get; init; }

    public required string Kind { get; init; }

    /// <summary>What changed, in a sentence ("moved from … to …", "added Ana; removed Ben", a reason).</summary>
    public required string Detail { get; init; }
}

internal sealed class InterviewChangeConfiguration : IEntityTypeConfiguration<InterviewChange>
{
    public void Configure(EntityTypeBuilder<InterviewChange> builder)
    {
        builder.Property(c => c.ById).HasMaxLength(450);
        builder.Property(c => c.ByName).HasMaxLength(256);
        builder.Property(c => c.Kind).HasMaxLength(32);
        builder.Property(c => c.Detail).HasMaxLength(InterviewChange.MaxDetailLength);
        builder.HasIndex(c => new { c.InterviewId, c.Id });
    }
}
