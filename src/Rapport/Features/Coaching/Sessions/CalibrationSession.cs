using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Accounts;

namespace Rapport.Features.Coaching.Sessions;

/// <summary>
/// Practice in judging: an admin picks a finished interview's replay, and several interviewers
/// score it blind with the scorecard form. Their scores are kept here and nowhere else: never a
/// scorecard of the interview's loop, never a rating for Insights, never seen by the candidate.
/// </summary>
public sealed class CalibrationSession
{
    public const int MaxTitleLength = 200;

    public Guid Id { get; init; }

    /// <summary>The finished interview whose replay is scored.</summary>
    public Guid InterviewId { get; init; }

    public required string Title { get; init; }

    public required string CreatedById { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public List<CalibrationSessionMember> Members { get; } = [];

    public List<CalibrationScore> Scores { get; } = [];
}

/// <summary>An interviewer asked to score the session's replay.</summary>
public sealed class CalibrationSessionMember
{
    public Guid SessionId { get; init; }

    public required string InterviewerId { get; init; }

    public AppUser? Interviewer { get; init; }
}

/// <summary>One member's blind score of the replay: the scorecard's content, submitted once.</summary>
public sealed class CalibrationScore
{
    public long Id { get; init; }

    public Guid SessionId { get; init; }

    public required string InterviewerId { get; init; }

    /// <summary><see cref="Scorecards.ScorecardContent"/> as JSON.</summary>
    public required string ContentJson { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }
}

internal sealed class CalibrationSessionConfiguration : IEntityTypeConfiguration<CalibrationSession>
{
    public void Configure(EntityTypeBuilder<CalibrationSession> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Title).HasMaxLength(CalibrationSession.MaxTitleLength);
        builder.Property(s => s.CreatedById).HasMaxLength(450);
        builder.HasOne<Interviews.Interview>().WithMany().HasForeignKey(s => s.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Scores).WithOne().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.CreatedAt);
    }
}

internal sealed class CalibrationSessionMemberConfiguration : IEntityTypeConfiguration<CalibrationSessionMember>
{
    public void Configure(EntityTypeBuilder<CalibrationSessionMember> builder)
    {
        builder.ToTable("CalibrationSessionMembers");
        builder.HasKey(m => new { m.SessionId, m.InterviewerId });
        builder.Property(m => m.InterviewerId).HasMaxLength(450);
        builder.HasOne(m => m.Interviewer).WithMany().HasForeignKey(m => m.InterviewerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CalibrationScoreConfiguration : IEntityTypeConfiguration<CalibrationScore>
{
    public void Configure(EntityTypeBuilder<CalibrationScore> builder)
    {
        builder.Property(s => s.InterviewerId).HasMaxLength(450);
        // One score per member: a second submission (two tabs) is refused by the database too.
        builder.HasIndex(s => new { s.SessionId, s.InterviewerId }).IsUnique();
    }
}
