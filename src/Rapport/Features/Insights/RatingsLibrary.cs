using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Stats.Ratings;

namespace Rapport.Features.Insights;

/// <summary>What an import did: either problems (and nothing stored) or what was added.</summary>
public sealed record RatingsImportOutcome(IReadOnlyList<RatingProblem> Problems, int ProblemCount, int Added, int AlreadyStored, int GroupsRecorded)
{
    public bool Succeeded => ProblemCount == 0;
}

/// <summary>
/// The stored ratings. Imports are all or nothing and may be repeated: a row already stored with
/// the same rating and time is skipped, a row that contradicts a stored one is refused with its
/// line, so importing overlapping exports of the same system adds only what is new.
/// </summary>
public sealed class RatingsLibrary(AppDbContext db, TimeProvider time)
{
    /// <summary>Ratings stored; the Insights page says when there are none yet.</summary>
    public Task<int> CountAsync(CancellationToken ct) => db.StoredRatings.CountAsync(ct);

    public async Task<RatingsImportOutcome> ImportAsync(TextReader reader, string source, string importedBy, CancellationToken ct)
    {
        var import = RatingsCsv.Read(reader);
        if (!import.Succeeded)
        {
            return new RatingsImportOutcome(import.Problems, import.ProblemCount, 0, 0, 0);
        }

        var ratings = import.Ratings!;
        var stored = await db.StoredRatings.AsNoTracking()
            .Select(r => new { r.InterviewKey, r.InterviewerKey, r.QuestionKey, r.Signal, r.CandidateKey, r.Value, r.RatedAt })
            .ToListAsync(ct);
        var storedByKey = stored.ToDictionary(r => (r.InterviewKey, r.InterviewerKey, r.QuestionKey, r.Signal));
        var candidateOfInterview = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in stored)
        {
            candidateOfInterview.TryAdd(r.InterviewKey, r.CandidateKey);
        }

        var problems = new List<RatingProblem>();
        var problemCount = 0;
        void Problem(int line, string column, string message)
        {
            problemCount++;
            if (problems.Count < 100)
            {
                problems.Add(new RatingProblem(line, column, message));
            }
        }

        var batchId = Guid.CreateVersion7(time.GetUtcNow());
        var added = new List<StoredRating>();
        var firstLineOfCandidate = new Dictionary<string, int>(StringComparer.Ordinal);
        var alreadyStored = 0;
        for (var n = 0; n < ratings.Count; n++)
        {
            var rating = ratings[n];
            if (!firstLineOfCandidate.TryGetValue(rating.CandidateId, out var first) || rating.Line < first)
            {
                firstLineOfCandidate[rating.CandidateId] = rating.Line;
            }

            if (candidateOfInterview.TryGetValue(rating.InterviewId, out var candidate) && candidate != rating.CandidateId)
            {
                Problem(rating.Line, RatingsCsv.CandidateId, $"Interview '{rating.InterviewId}' is already stored for candidate '{candidate}', but this row gives it to '{rating.CandidateId}'. An interview has one candidate: correct the candidate_id, or give this row its own interview_id.");
                continue;
            }

            if (storedByKey.TryGetValue((rating.InterviewId, rating.InterviewerId, rating.QuestionId, rating.Signal), out var existing))
            {
                if (existing.Value == rating.Value && existing.RatedAt == ToMilliseconds(rating.RatedAt))
                {
                    alreadyStored++;
                }
                else
                {
                    Problem(rating.Line, RatingsCsv.RatingColumn, $"'{rating.InterviewerId}' already has a stored rating of '{rating.Signal}' on '{rating.QuestionId}' in interview '{rating.InterviewId}': {existing.Value}, given {existing.RatedAt:yyyy-MM-dd HH:mm}Z; this row says {rating.Value}, given {rating.RatedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z. A stored rating is never changed by an import: remove the row, or correct it to match what was submitted.");
                }

                continue;
            }

            added.Add(new StoredRating
            {
                BatchId = batchId,
                InterviewKey = rating.InterviewId,
                CandidateKey = rating.CandidateId,
                InterviewerKey = rating.InterviewerId,
                QuestionKey = rating.QuestionId,
                Signal = rating.Signal,
                Value = rating.Value,
                RatedAt = ToMilliseconds(rating.RatedAt),
            });
        }

        var groups = await NewGroupsAsync(import.Groups!, firstLineOfCandidate, Problem, ct);
        if (problemCount > 0)
        {
            return new RatingsImportOutcome(problems, problemCount, 0, 0, 0);
        }

        if (added.Count > 0 || groups.Count > 0)
        {
            db.RatingBatches.Add(new RatingBatch { Id = batchId, ImportedAt = time.GetUtcNow(), ImportedBy = importedBy, Source = Truncate(source, 260), RatingCount = added.Count });
            db.StoredRatings.AddRange(added);
            db.CandidateSelfIdentifications.AddRange(groups);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The unique index caught an import running at the same moment; nothing of this one was kept.
                return new RatingsImportOutcome([new RatingProblem(0, null, "Another import stored some of these ratings at the same moment. Nothing from this file was stored: import it again.")], 1, 0, 0, 0);
            }
        }

        return new RatingsImportOutcome([], 0, added.Count, alreadyStored, groups.Count);
    }

    private async Task<List<CandidateSelfIdentification>> NewGroupsAsync(CandidateGroups groups, Dictionary<string, int> firstLine, Action<int, string, string> problem, CancellationToken ct)
    {
        var known = await db.CandidateSelfIdentifications.AsNoTracking().ToDictionaryAsync(s => s.CandidateKey, s => s.Group, StringComparer.Ordinal, ct);
        var now = time.GetUtcNow();
        var added = new List<CandidateSelfIdentification>();
        foreach (var (candidate, line) in firstLine.OrderBy(pair => pair.Value))
        {
            if (groups.GroupOf(candidate) is not { } group)
            {
                continue;
            }

            if (!known.TryGetValue(candidate, out var storedGroup))
            {
                added.Add(new CandidateSelfIdentification { CandidateKey = candidate, Group = Truncate(group, 200), RecordedAt = now });
            }
            else if (storedGroup != group)
            {
                problem(line, RatingsCsv.CandidateGroup, $"Candidate '{candidate}' is already recorded as self-identifying with a different group. A self-identification is kept as first given: leave candidate_group blank for this candidate, or ask an admin to correct the stored one.");
            }
        }

        return added;
    }

    /// <summary>Every stored rating as a rating set for the models; null when there are none.</summary>
    public async Task<RatingSet?> LoadAsync(CancellationToken ct)
    {
        var rows = await db.StoredRatings.AsNoTracking()
            .Select(r => new Rating(r.InterviewKey, r.CandidateKey, r.InterviewerKey, r.QuestionKey, r.Signal, r.Value, r.RatedAt, 0))
            .ToListAsync(ct);
        return rows.Count == 0 ? null : RatingSet.Create(rows);
    }

    /// <summary>The self-identified groups, for fairness analyses only: never call this for an interviewer's view.</summary>
    public async Task<CandidateGroups> LoadGroupsAsync(CancellationToken ct) =>
        new(await db.CandidateSelfIdentifications.AsNoTracking().ToDictionaryAsync(s => s.CandidateKey, s => s.Group, StringComparer.Ordinal, ct));

    /// <summary>UTC, to whole milliseconds: what SQLite keeps, so both databases hold and compare the same instant.</summary>
    private static DateTimeOffset ToMilliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
