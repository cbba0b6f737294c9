using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Runs;

/// <summary>Where a run came from. (The command line's runs are operator checks: printed, not recorded.)</summary>
public enum RunOrigin
{
    Room,
}

/// <summary>
/// The record of one run: what ran (the code's hash, never the code: the room log has the pad),
/// under which limits, what came of it and how long it took. For operators and capacity
/// planning; the room's own timeline has its run events.
/// </summary>
public sealed class CodeRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public RunOrigin Origin { get; init; }

    public Guid? InterviewId { get; init; }

    /// <summary>"candidate", "interviewer" or "operator".</summary>
    public required string RequestedBy { get; init; }

    /// <summary>The staff user's id; null for the candidate and the command line.</summary>
    public string? RequestedById { get; init; }

    /// <summary>Set when the run was the question's tests.</summary>
    public string? QuestionId { get; init; }

    public int? QuestionVersion { get; init; }

    public required string Language { get; init; }

    public string? LanguageVersion { get; set; }

    public required string CodeSha256 { get; init; }

    public int CodeBytes { get; init; }

    /// <summary>The limits the run had, as JSON (CPU, wall, memory, processes, output, files).</summary>
    public string? Limits { get; set; }

    public required string Verdict { get; set; }

    public int? ExitCode { get; set; }

    public int? Signal { get; set; }

    public double CompileMilliseconds { get; set; }

    public double CpuMilliseconds { get; set; }

    public double WallMilliseconds { get; set; }

    /// <summary>From pressing Run to the verdict, queueing included.</summary>
    public double TotalMilliseconds { get; set; }

    public long? PeakMemoryBytes { get; set; }

    public bool OutputTruncated { get; set; }

    public int? TestsPassed { get; set; }

    public int? TestsTotal { get; set; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset FinishedAt { get; set; }
}

internal sealed class CodeRunConfiguration : IEntityTypeConfiguration<CodeRun>
{
    public void Configure(EntityTypeBuilder<CodeRun> builder)
    {
        builder.Property(r => r.Origin).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.RequestedBy).HasMaxLength(16);
        builder.Property(r => r.RequestedById).HasMaxLength(450);
        builder.Property(r => r.QuestionId).HasMaxLength(100);
        builder.Property(r => r.Language).HasMaxLength(32);
        builder.Property(r => r.LanguageVersion).HasMaxLength(200);
        builder.Property(r => r.CodeSha256).HasMaxLength(64);
        builder.Property(r => r.Limits).HasMaxLength(1000);
        builder.Property(r => r.Verdict).HasMaxLength(32);
        builder.HasIndex(r => r.RequestedAt);
        builder.HasIndex(r => r.InterviewId);
        // Keep the record when an interview is deleted: it is about the server's work, not the person.
        builder.HasOne<Interviews.Interview>().WithMany().HasForeignKey(r => r.InterviewId).OnDelete(DeleteBehavior.SetNull);
    }
}
