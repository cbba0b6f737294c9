using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Insights;
using Rapport.Features.Interviews;

namespace Rapport.Features.Scorecards;

/// <summary>A refusal: the HTTP status and, per field, what to fix.</summary>
public sealed record ScorecardProblem(int Status, Dictionary<string, string[]> Errors)
{
    public static ScorecardProblem Field(int status, string field, string message) => new(status, new() { [field] = [message] });
}

/// <summary>An interviewer's scorecard for one interview, with the sheet it rates and what the language check notices in it.</summary>
public sealed record ScorecardDraft(Scorecard Scorecard, ScorecardSheet Sheet, ScorecardContent Content, IReadOnlyList<EvidenceFindings> Findings);

/// <summary>What the language check noticed in one rating's evidence (index into the content's ratings).</summary>
public sealed record EvidenceFindings(int Rating, string Question, string Signal, IReadOnlyList<LanguageCheckFinding> Findings);

/// <summary>
/// Where an interviewer writes their scorecard: opened (a draft is made the first time), saved as
/// they type, submitted once (locked as revision 1, its levels stored as ratings for Insights in
/// the same save), then amended only with a reason. Only someone on the interview's panel has a
/// scorecard for it; everyone else is told there is none (404), whoever they are.
/// </summary>
public sealed class ScorecardDesk(AppDbContext db, ScorecardAccess access, RatingsLibrary ratings, LanguageCheckSource languageCheck, TimeProvider time)
{
    public async Task<(ScorecardDraft? Draft, ScorecardProblem? Problem)> OpenAsync(Guid interviewId, string userId, CancellationToken ct)
    {
        var interview = await db.Interviews.AsNoTracking().Include(i => i.Interviewers)
            .SingleOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is null || interview.Interviewers.All(a => a.InterviewerId != userId))
        {
            return (null, NotYours());
        }

        if (interview.Status is InterviewStatus.Planned or InterviewStatus.Cancelled)
        {
            return (null, ScorecardProblem.Field(StatusCodes.Status409Conflict, "status", interview.Status == InterviewStatus.Planned
                ? "The interview has not started yet; its scorecard opens once the panel is in the room."
                : "This interview was cancelled, so it has no scorecard."));
        }

        var scorecard = await db.Scorecards.Include(s => s.Revisions)
            .SingleOrDefaultAsync(s => s.InterviewId == interviewId && s.InterviewerId == userId, ct);
        if (scorecard is null)
        {
            var now = time.GetUtcNow();
            scorecard = new Scorecard
            {
                Id = Guid.CreateVersion7(now),
                InterviewId = interviewId,
                LoopId = interview.LoopId,
                InterviewerId = userId,
                DraftJson = ScorecardContent.Empty.ToJson(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Scorecards.Add(scorecard);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same person opened it in two tabs at once: the other made it.
                db.ChangeTracker.Clear();
                scorecard = await db.Scorecards.Include(s => s.Revisions).SingleAsync(s => s.InterviewId == interviewId && s.InterviewerId == userId, ct);
            }
        }

        var sheet = await ScorecardSheet.BuildAsync(db, interviewId, userId, ct);
        var content = ScorecardContent.FromJson(scorecard.DraftJson);
        return (new ScorecardDraft(scorecard, sheet, content, await ReviewAsync(content, sheet, ct)), null);
    }

    /// <summary>Saves a draft as typed. <paramref name="version"/> is the draft version the writer last saw; an older one is refused (another tab saved since).</summary>
    public async Task<(ScorecardDraft? Draft, ScorecardProblem? Problem)> SaveDraftAsync(Guid interviewId, string userId, ScorecardContent? content, int version, CancellationToken ct)
    {
        var (opened, problem) = await OpenAsync(interviewId, userId, ct);
        if (opened is null)
        {
            return (null, problem);
        }

        var scorecard = opened.Scorecard;
        if (scorecard.State == ScorecardState.Submitted)
        {
            return (null, ScorecardProblem.Field(StatusCodes.Status409Conflict, "state", "This scorecard is submitted and locked; amend it, with a reason, to change it."));
        }

        if (content is null)
        {
            return (null, ScorecardProblem.Field(StatusCodes.Status400BadRequest, "content", "Send the scorecard's content: ratings, recommendation and why."));
        }

        var errors = ScorecardRules.CheckDraft(content, opened.Sheet);
        if (errors.Count > 0)
        {
            return (null, new(StatusCodes.Status400BadRequest, errors));
        }

        var now = time.GetUtcNow();
        var saved = await db.Scorecards
            .Where(s => s.Id == scorecard.Id && s.State == ScorecardState.Draft && s.DraftVersion == version)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.DraftJson, content.ToJson()).SetProperty(s => s.DraftVersion, version + 1).SetProperty(s => s.UpdatedAt, now), ct);
        if (saved == 0)
        {
            return (null, ScorecardProblem.Field(StatusCodes.Status409Conflict, "version",
                $"This scorecard was saved from another tab or window since (it is at version {scorecard.DraftVersion}, this page had {version}); reload to carry on from the newest."));
        }

        scorecard.DraftJson = content.ToJson();
        scorecard.DraftVersion = version + 1;
        scorecard.UpdatedAt = now;
        return (opened with { Content = content, Findings = await ReviewAsync(content, opened.Sheet, ct) }, null);
    }

    /// <summary>Submits: locks the scorecard as revision 1 and stores its levels as ratings, in one transaction.</summary>
    public Task<(ScorecardDraft? Draft, ScorecardProblem? Problem)> SubmitAsync(Guid interviewId, string userId, ScorecardContent? content, CancellationToken ct) =>
        SubmitRevisionAsync(interviewId, userId, content, reason: null, ct);

    /// <summary>Amends a submitted scorecard: a new revision with its reason; the ratings it changes supersede the old ones.</summary>
    public async Task<(ScorecardDraft? Draft, ScorecardProblem? Problem)> AmendAsync(Guid interviewId, string userId, ScorecardContent? content, string? reason, CancellationToken ct)
    {
        if (ScorecardRules.CheckReason(reason) is { } problem)
        {
            // Checked after who may amend (below), so a stranger learns nothing from a missing reason.
            var (opened, notOpened) = await OpenAsync(interviewId, userId, ct);
            return opened is null ? (null, notOpened) : (null, ScorecardProblem.Field(StatusCodes.Status400BadRequest, "reason", problem));
        }

        return await SubmitRevisionAsync(interviewId, userId, content, reason!.Trim(), ct);
    }

    private async Task<(ScorecardDraft? Draft, ScorecardProblem? Problem)> SubmitRevisionAsync(Guid interviewId, string userId, ScorecardContent? content, string? reason, CancellationToken ct)
    {
        var (opened, problem) = await OpenAsync(interviewId, userId, ct);
        if (opened is null)
        {
            return (null, problem);
        }

        var scorecard = opened.Scorecard;
        var amending = reason is not null;
        if (!amending && scorecard.State == ScorecardState.Submitted)
        {
            return (null, ScorecardProblem.Field(StatusCodes.Status409Conflict, "state", "This scorecard is already submitted; to change it, amend it with a reason."));
        }

        if (amending && scorecard.State != ScorecardState.Submitted)
        {
            return (null, ScorecardProblem.Field(StatusCodes.Status409Conflict, "state", "Only a submitted scorecard is amended; submit this one first."));
        }

        if (content is null)
        {
            return (null, ScorecardProblem.Field(StatusCodes.Status400BadRequest, "content", "Send the scorecard's content: ratings, recommendation and why."));
        }

        var errors = ScorecardRules.CheckSubmission(content, opened.Sheet);
        if (errors.Count > 0)
        {
            return (null, new(StatusCodes.Status400BadRequest, errors));
        }

        var interview = await db.Interviews.AsNoTracking().Include(i => i.Loop).Include(i => i.Interviewers).SingleAsync(i => i.Id == interviewId, ct);
        var practice = amending ? scorecard.Practice : !interview.Interviewers.Single(a => a.InterviewerId == userId).Counts;
        var interviewer = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct);
        var findings = await ReviewAsync(content, opened.Sheet, ct);
        var now = time.GetUtcNow();
        var number = scorecard.Revisions.Count + 1;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!amending)
        {
            // Two submissions at once (a double click, two tabs): only one moves the draft on.
            var locked = await db.Scorecards.Where(s => s.Id == scorecard.Id && s.State == ScorecardState.Draft)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, ScorecardState.Submitted).SetProperty(s => s.SubmittedAt, now).SetProperty(s => s.Practice, practice), ct);
            if (locked == 0)
            {
                return (null, ScorecardProblem.Field(StatusCodes.Status409Conflict, "state", "This scorecard is already submitted; to change it, amend it with a reason."));
            }
        }

        var revision = new ScorecardRevision
        {
            ScorecardId = scorecard.Id,
            Number = number,
            SubmittedAt = now,
            Reason = reason,
            Recommendation = ScorecardRules.Recommendations[content.Recommendation!],
            ContentJson = content.ToJson(),
            FindingsJson = JsonSerializer.Serialize(findings, JsonSerializerOptions.Web),
        };
        db.ScorecardRevisions.Add(revision);
        await db.Scorecards.Where(s => s.Id == scorecard.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.DraftJson, content.ToJson()).SetProperty(s => s.UpdatedAt, now), ct);
        // A practice scorecard's levels never reach the ratings Insights calibrates candidates and interviewers with.
        if (!practice)
        {
            await ratings.StageScorecardRatingsAsync(
                new ScorecardRatings(
                    "scorecard",
                    interview.Id.ToString(),
                    interview.Loop!.CandidateId.ToString(),
                    interviewer ?? userId,
                    now,
                    [.. (content.Ratings ?? []).Where(r => r.Level is not null).Select(r => new ScorecardLevel(r.Question!, r.Signal!, r.Level!.Value))]),
                ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two amendments at once: the revision number (or a superseded rating) was taken by the other.
            return (null, ScorecardProblem.Field(StatusCodes.Status409Conflict, "state", "This scorecard was amended a moment ago from somewhere else; reload it and amend again if you still need to."));
        }

        await access.OpenDebriefIfCompleteAsync(interview.LoopId, ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return await OpenAsync(interviewId, userId, ct);
    }

    private async Task<IReadOnlyList<EvidenceFindings>> ReviewAsync(ScorecardContent content, ScorecardSheet sheet, CancellationToken ct)
    {
        var check = await languageCheck.CurrentAsync(ct);
        var found = new List<EvidenceFindings>();
        var ratingsGiven = content.Ratings ?? [];
        for (var i = 0; i < ratingsGiven.Count; i++)
        {
            var rating = ratingsGiven[i];
            if (rating is null || sheet.Find(rating.Question, rating.Signal) is not { } row || (rating.Level is null && string.IsNullOrWhiteSpace(rating.Evidence)))
            {
                continue;
            }

            var findings = check.Review(rating.Evidence, rating.Level is >= 1 and <= 4 ? rating.Level : null, row.Levels);
            if (findings.Count > 0)
            {
                found.Add(new EvidenceFindings(i, row.Question, row.Signal, findings));
            }
        }

        return found;
    }

    private static ScorecardProblem NotYours() =>
        ScorecardProblem.Field(StatusCodes.Status404NotFound, "id", "You have no scorecard for this interview: only its panel writes one.");
}
