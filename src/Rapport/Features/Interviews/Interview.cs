using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Accounts;

namespace Rapport.Features.Interviews;

/// <summary>Where an interview stands; a coordinator (and, for the room, the panel) moves it on.</summary>
public enum InterviewStatus
{
    Planned,
    InProgress,
    Ended,
    Cancelled,
}

/// <summary>One candidate meeting one or more interviewers at a planned time, one step of their loop.</summary>
public sealed class Interview
{
    public Guid Id { get; init; }

    /// <summary>The loop (candidate and role) this interview belongs to.</summary>
    public Guid LoopId { get; set; }

    public Candidates.Loop? Loop { get; set; }

    public InterviewStatus Status { get; set; }

    /// <summary>When the panel first opened the room.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it was ended from the room, or cancelled.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Counts the calendar updates sent (a move, a cancellation), so calendars apply them in order.</summary>
    public int CalendarSequence { get; set; }

    public DateTimeOffset ScheduledAt { get; set; }

    public int DurationMinutes { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedById { get; init; }

    public List<InterviewAssignment> Interviewers { get; } = [];

    public List<CandidateLink> CandidateLinks { get; } = [];

    /// <summary>
    /// The audit log's entries about this interview: its history (planned, moved, panel changed,
    /// cancelled, started, ended; see <see cref="Audit.AuditKinds.InterviewHistory"/>) and more.
    /// </summary>
    public List<Audit.AuditEntry> Changes { get; } = [];

    /// <summary>The bank versions this interview uses (kit, questions, signals), fixed when it is planned.</summary>
    public List<Questions.Storage.InterviewBankPin> Pins { get; } = [];

    /// <summary>
    /// Extra time granted as an accommodation, in percent of every section. The agenda simply
    /// stretches; nothing in the interviewer's view marks it.
    /// </summary>
    public int ExtraTimePercent { get; set; }

    /// <summary>The kit's id, when the interview was planned from a kit.</summary>
    public string? KitId { get; set; }

    public DateTimeOffset EndsAt => ScheduledAt.AddMinutes(Stretched(DurationMinutes));

    public const int MaxExtraTimePercent = 100;

    /// <summary>Minutes with the accommodation applied, rounded up so extra time is never lost to rounding.</summary>
    public int Stretched(int minutes) => (int)Math.Ceiling(minutes * (100 + ExtraTimePercent) / 100.0);

    /// <summary>
    /// Sections' minutes with the accommodation applied so that they add up to the stretched
    /// whole: each section ends at its stretched end (the running total, rounded up), so rounding
    /// each on its own never makes the agenda longer than the interview ("How long").
    /// </summary>
    /// <summary>A kit's sections, each with its minutes in this interview (<see cref="StretchedSections"/>), in order.</summary>
    public IEnumerable<(Kits.Format.KitSection Section, int Minutes)> StretchedAgenda(Kits.Format.KitDocument? kit) =>
        kit is null ? [] : kit.Sections.Zip(StretchedSections(kit.Sections.Select(s => s.Minutes)));

    public IReadOnlyList<int> StretchedSections(IEnumerable<int> minutes)
    {
        var stretched = new List<int>();
        var (planned, ended) = (0, 0);
        foreach (var section in minutes)
        {
            planned += section;
            var end = Stretched(planned);
            stretched.Add(end - ended);
            ended = end;
        }

        return stretched;
    }
}

/// <summary>Someone on an interview's panel, in the part they play there (<see cref="PanelRole"/>).</summary>
public sealed class InterviewAssignment
{
    public Guid InterviewId { get; init; }

    public required string InterviewerId { get; init; }

    public AppUser? Interviewer { get; init; }

    public PanelRole Role { get; set; }

    /// <summary>For a shadow or reverse shadow, why they are there, in words for the candidate; null for the default sentence.</summary>
    public string? ShadowReason { get; set; }

    /// <summary>Whether their scorecard counts for the decision (a shadow's and a reverse shadow's are practice).</summary>
    public bool Counts => Role == PanelRole.Interviewer;
}

internal sealed class InterviewConfiguration : IEntityTypeConfiguration<Interview>
{
    public void Configure(EntityTypeBuilder<Interview> builder)
    {
        // Ids are made in code (version-7 GUIDs, ordered by time); EF must not treat a set id as "already stored".
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(i => i.LoopId);
        builder.Property(i => i.CreatedById).HasMaxLength(450);
        builder.Property(i => i.KitId).HasMaxLength(64);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.ScheduledAt);
        builder.Ignore(i => i.EndsAt);
        builder.HasMany(i => i.Interviewers).WithOne().HasForeignKey(a => a.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.CandidateLinks).WithOne().HasForeignKey(l => l.InterviewId).OnDelete(DeleteBehavior.Cascade);
        // The log outlives nothing it names by accident: an interview with entries cannot be deleted (configured here, so Audit needs nothing of Interviews).
        builder.HasMany(i => i.Changes).WithOne().HasForeignKey(c => c.InterviewId).OnDelete(DeleteBehavior.Restrict);
        // Mail about a deleted interview goes with it: it names the candidate (configured here, so Mail needs nothing of Interviews).
        builder.HasMany<Mail.OutboxMessage>().WithOne().HasForeignKey(m => m.InterviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InterviewAssignmentConfiguration : IEntityTypeConfiguration<InterviewAssignment>
{
    public void Configure(EntityTypeBuilder<InterviewAssignment> builder)
    {
        builder.HasKey(a => new { a.InterviewId, a.InterviewerId });
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.ShadowReason).HasMaxLength(PanelRoles.MaxReasonLength);
        builder.Ignore(a => a.Counts);
        builder.HasOne(a => a.Interviewer).WithMany().HasForeignKey(a => a.InterviewerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.InterviewerId);
    }
}
