using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Features.Survey;

/// <summary>
/// One candidate's anonymous answers about how their interview felt. Deliberately nothing here
/// leads back to the candidate, the interview or the loop (docs/adr/0009-survey-anonymity.md): the
/// key is random (not time-ordered), the only time is the week it was given, and the panel is
/// kept only so that results can be shown per interviewer, five responses at a time.
/// </summary>
public sealed class SurveyResponse
{
    public const int MaxCommentLength = 2000;

    /// <summary>Random (version 4) from the injected generator; never a version-7 id, which would carry the moment it was made.</summary>
    public Guid Id { get; init; }

    /// <summary>The Monday (UTC) of the week the answers were given: the finest time stored.</summary>
    public DateOnly Week { get; init; }

    public int? ExpectationsClear { get; init; }

    public int? TreatedWithRespect { get; init; }

    public int? HintsHelped { get; init; }

    /// <summary>The candidate said no hints were given (then <see cref="HintsHelped"/> is null).</summary>
    public bool NoHintsGiven { get; init; }

    public int? TimeForQuestions { get; init; }

    public int Overall { get; init; }

    public string? Comment { get; init; }

    public List<SurveyResponseInterviewer> Interviewers { get; } = [];
}

/// <summary>An interviewer who sat on the panel the response is about.</summary>
public sealed class SurveyResponseInterviewer
{
    public Guid ResponseId { get; init; }

    public required string InterviewerId { get; init; }
}

/// <summary>
/// That an interview's survey was answered, and nothing else: not which response, not when. It
/// exists so that one link cannot answer twice (its key refuses a second receipt, even from two
/// requests at the same moment).
/// </summary>
public sealed class SurveyReceipt
{
    public Guid InterviewId { get; init; }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Comment).HasMaxLength(SurveyResponse.MaxCommentLength);
        builder.HasIndex(r => r.Week);
        // The scale again in the database, so no path around the checks can store a 0 or a 9.
        builder.ToTable(t =>
        {
            foreach (var column in new[] { nameof(SurveyResponse.ExpectationsClear), nameof(SurveyResponse.TreatedWithRespect), nameof(SurveyResponse.HintsHelped), nameof(SurveyResponse.TimeForQuestions), nameof(SurveyResponse.Overall) })
            {
                t.HasCheckConstraint($"CK_SurveyResponses_{column}", $"\"{column}\" BETWEEN {SurveyQuestions.Lowest} AND {SurveyQuestions.Highest}");
            }
        });
        builder.HasMany(r => r.Interviewers).WithOne().HasForeignKey(i => i.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyResponseInterviewerConfiguration : IEntityTypeConfiguration<SurveyResponseInterviewer>
{
    public void Configure(EntityTypeBuilder<SurveyResponseInterviewer> builder)
    {
        builder.HasKey(i => new { i.ResponseId, i.InterviewerId });
        builder.Property(i => i.InterviewerId).HasMaxLength(450);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(i => i.InterviewerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.InterviewerId);
    }
}

internal sealed class SurveyReceiptConfiguration : IEntityTypeConfiguration<SurveyReceipt>
{
    public void Configure(EntityTypeBuilder<SurveyReceipt> builder)
    {
        builder.HasKey(r => r.InterviewId);
        builder.Property(r => r.InterviewId).ValueGeneratedNever();
        // Configured here, so Interviews needs nothing of the survey.
        builder.HasOne<Interview>().WithMany().HasForeignKey(r => r.InterviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
