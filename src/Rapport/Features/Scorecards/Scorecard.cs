using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Features.Scorecards;

/// <summary>A scorecard is written (a draft that saves as the interviewer types), then submitted and locked.</summary>
public enum ScorecardState
{
    Draft,
    Submitted,
}

/// <summary>
/// One interviewer's judgement of one interview. The draft is theirs alone and changes freely;
/// submitting locks it as revision 1, and every later change is an amendment (a new revision with
/// its reason), the earlier ones kept. Nobody else of the loop sees any of it until they have
/// submitted their own (<see cref="ScorecardAccess"/>).
/// </summary>
public sealed class Scorecard
{
    public Guid Id { get; init; }

    public Guid InterviewId { get; init; }

    public Interview? Interview { get; init; }

    /// <summary>The interview's loop, kept here so that "has this person submitted for the loop" is one indexed query.</summary>
    public Guid LoopId { get; init; }

    public required string InterviewerId { get; init; }

    public AppUser? Interviewer { get; init; }

    public ScorecardState State { get; set; }

    /// <summary>The draft as last saved (<see cref="ScorecardContent"/> as JSON); after submission, the last submitted content.</summary>
    public required string DraftJson { get; set; }

    /// <summary>Counts draft saves: a save from a stale tab (an older number) is refused instead of overwriting newer work.</summary>
    public int DraftVersion { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it was first submitted; amendments do not move it.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>
    /// Written by a shadow or reverse shadow (set when submitted, from their part on the panel):
    /// practice, compared with the panel's for agreement, never shown in the debrief, never counted
    /// for the decision, the feedback letter or the calibration of ratings (docs/coaching.md, "Shadowing").
    /// </summary>
    public bool Practice { get; set; }

    /// <summary>Submitted versions, oldest first: number 1 is the submission, later ones amendments.</summary>
    public List<ScorecardRevision> Revisions { get; } = [];

    /// <summary>What the latest submitted version says (the revisions loaded, at least one).</summary>
    public ScorecardContent Latest() => ScorecardContent.FromJson(Revisions.MaxBy(r => r.Number)!.ContentJson);
}

public static class ScorecardQueries
{
    /// <summary>The scorecards that count for a decision: submitted, and not a shadow's practice.</summary>
    public static IQueryable<Scorecard> Counting(this IQueryable<Scorecard> scorecards) =>
        scorecards.Where(s => s.State == ScorecardState.Submitted && !s.Practice);

    /// <summary>What each scorecard's latest submitted version says, read in one query.</summary>
    public static async Task<List<ScorecardContent>> LatestContentsAsync(this IQueryable<Scorecard> scorecards, CancellationToken ct) =>
        [.. (await scorecards.Select(s => s.Revisions.OrderByDescending(r => r.Number).Select(r => r.ContentJson).First()).ToListAsync(ct))
            .Select(ScorecardContent.FromJson)];
}

internal sealed class ScorecardConfiguration : IEntityTypeConfiguration<Scorecard>
{
    public void Configure(EntityTypeBuilder<Scorecard> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.InterviewerId).HasMaxLength(450);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(s => s.Interview).WithMany().HasForeignKey(s => s.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Interviewer).WithMany().HasForeignKey(s => s.InterviewerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Candidates.Loop>().WithMany().HasForeignKey(s => s.LoopId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Revisions).WithOne().HasForeignKey(r => r.ScorecardId).OnDelete(DeleteBehavior.Cascade);
        // One scorecard per interviewer per interview: two tabs opening it at once cannot make two.
        builder.HasIndex(s => new { s.InterviewId, s.InterviewerId }).IsUnique();
        builder.HasIndex(s => new { s.LoopId, s.InterviewerId, s.State });
    }
}
