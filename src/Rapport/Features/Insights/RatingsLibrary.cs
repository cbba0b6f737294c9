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
/// The stored ratings: a history in which every analysis reads only the current rows (see
/// <see cref="StoredRating"/> and docs/adr/0010-ratings-history.md). Imports are all or nothing and may be repeated: a row
/// already stored with the same rating and time is skipped, a row that contradicts a stored one is
/// refused with its line, so importing overlapping exports of the same system adds only what is
/// new. Scorecards stage their levels with <see cref="StageScorecardRatingsAsync"/>, which may
/// supersede earlier rows; exports write the current rows (<see cref="ExportAsync"/>).
/// </summary>
public sealed partial class RatingsLibrary(AppDbContext db, Audit.AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// What an uploader can do about a rating outside 1 to 4: stored ratings share the rubrics' scale,
    /// and neither the upload nor <c>rapport ratings import</c> takes another one.
    /// </summary>
    public const string OutOfScaleFix = "Rapport stores ratings on its rubric scale of 1 to 4: correct the rating, or convert ratings given on another scale to 1 to 4 before importing. (To analyse a file on its own scale without storing it, use 'rapport calibrate --ratings FILE.csv --scale 1-5'.)";

    /// <summary>Current ratings stored; the Insights page says when there are none yet.</summary>
    public Task<int> CountAsync(CancellationToken ct) => Current.CountAsync(ct);

    /// <summary>The ratings every analysis reads: those no later rating has superseded.</summary>
    private IQueryable<StoredRating> Current => db.StoredRatings.Where(r => r.SupersededAt == null);

    /// <summary>Imports a ratings file, which must be UTF-8: a byte that is not is refused with its line.</summary>
    public Task<RatingsImportOutcome> ImportAsync(Stream file, string source, string importedBy, CancellationToken ct) =>
        ImportAsync(RatingsCsv.Read(file, outOfScaleFix: OutOfScaleFix), source, importedBy, ct);

    public Task<RatingsImportOutcome> ImportAsync(TextReader reader, string source, string importedBy, CancellationToken ct) =>
        ImportAsync(RatingsCsv.Read(reader, outOfScaleFix: OutOfScaleFix), source, importedBy, ct);

    private async Task<RatingsImportOutcome> ImportAsync(RatingsImport import, string source, string importedBy, CancellationToken ct)
    {
        if (!import.Succeeded)
        {
            return new RatingsImportOutcome(import.Problems, import.ProblemCount, 0, 0, 0);
        }

        var ratings = import.Ratings!;
        var stored = await db.StoredRatings.AsNoTracking()
            .Select(r => new StoredKey(r.InterviewKey, r.InterviewerKey, r.QuestionKey, r.Signal, r.CandidateKey, r.Value, r.RatedAt, r.SupersededAt))
            .ToListAsync(ct);
        var storedByKey = stored.Where(r => r.SupersededAt is null).ToDictionary(r => (r.InterviewKey, r.InterviewerKey, r.QuestionKey, r.Signal));
        var historyByKey = stored.Where(r => r.SupersededAt is not null).ToLookup(r => (r.InterviewKey, r.InterviewerKey, r.QuestionKey, r.Signal));
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

            var key = (rating.InterviewId, rating.InterviewerId, rating.QuestionId, rating.Signal);
            var earlier = historyByKey[key].FirstOrDefault(h => h.Value == rating.Value && h.RatedAt == ToMilliseconds(rating.RatedAt));
            if (storedByKey.TryGetValue(key, out var existing))
            {
                if (existing.Value == rating.Value && existing.RatedAt == ToMilliseconds(rating.RatedAt))
                {
                    alreadyStored++;
                }
                else
                {
                    var why = earlier is null
                        ? "A stored rating is never changed by an import: remove the row, or correct it to match what was submitted."
                        : $"This row is the earlier rating that an amendment superseded on {earlier.SupersededAt:yyyy-MM-dd HH:mm}Z: the file is older than the stored ratings. An import never brings back a superseded rating: remove the row, or export the current ratings again.";
                    Problem(rating.Line, RatingsCsv.RatingColumn, $"'{rating.InterviewerId}' already has a stored rating of '{rating.Signal}' on '{rating.QuestionId}' in interview '{rating.InterviewId}': {existing.Value}, given {existing.RatedAt:yyyy-MM-dd HH:mm}Z; this row says {rating.Value}, given {rating.RatedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z. {why}");
                }

                continue;
            }

            if (historyByKey[key].MaxBy(h => h.SupersededAt) is { } withdrawn)
            {
                // Every rating of this signal was superseded and none replaced it: an amendment withdrew it.
                Problem(rating.Line, RatingsCsv.RatingColumn, $"'{rating.InterviewerId}' withdrew their rating of '{rating.Signal}' on '{rating.QuestionId}' in interview '{rating.InterviewId}' in an amendment on {withdrawn.SupersededAt:yyyy-MM-dd HH:mm}Z. An import never brings back a withdrawn rating: remove the row.");
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
            audit.Record(Audit.AuditKinds.RatingsImported,
                $"Ratings imported from {Truncate(source, 260)}: {added.Count} new ratings, {alreadyStored} already stored, {groups.Count} self-identifications.",
                subject: $"batch {batchId}");
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The unique index caught an import running at the same moment; nothing of this one was kept.
                db.ChangeTracker.Clear();
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

    /// <summary>Every current rating as a rating set for the models, in <see cref="LoadCurrentAsync"/>'s order; null when there are none.</summary>
    public async Task<RatingSet?> LoadAsync(CancellationToken ct)
    {
        var rows = await LoadCurrentAsync(ct);
        return rows.Count == 0 ? null : RatingSet.Create(rows);
    }

    /// <summary>
    /// The current ratings, ordered by interview, interviewer, question and signal (ordinal, in
    /// memory: the databases' collations differ). One order for the models and the export, so an
    /// exported file read back, into a database or by <c>rapport calibrate</c>, gives the same report.
    /// </summary>
    public async Task<List<Rating>> LoadCurrentAsync(CancellationToken ct)
    {
        var rows = await Current.AsNoTracking()
            .Select(r => new Rating(r.InterviewKey, r.CandidateKey, r.InterviewerKey, r.QuestionKey, r.Signal, r.Value, r.RatedAt, 0))
            .ToListAsync(ct);
        rows.Sort(InKeyOrder);
        return rows;
    }

    private static int InKeyOrder(Rating a, Rating b)
    {
        var order = string.CompareOrdinal(a.InterviewId, b.InterviewId);
        order = order != 0 ? order : string.CompareOrdinal(a.InterviewerId, b.InterviewerId);
        order = order != 0 ? order : string.CompareOrdinal(a.QuestionId, b.QuestionId);
        return order != 0 ? order : string.CompareOrdinal(a.Signal, b.Signal);
    }

    /// <summary>The self-identified groups, for fairness analyses only: never call this for an interviewer's view.</summary>
    public async Task<CandidateGroups> LoadGroupsAsync(CancellationToken ct) =>
        new(await db.CandidateSelfIdentifications.AsNoTracking().ToDictionaryAsync(s => s.CandidateKey, s => s.Group, StringComparer.Ordinal, ct));

    /// <summary>UTC, to whole milliseconds: what SQLite keeps, so both databases hold and compare the same instant.</summary>
    private static DateTimeOffset ToMilliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed record StoredKey(string InterviewKey, string InterviewerKey, string QuestionKey, string Signal, string CandidateKey, int Value, DateTimeOffset RatedAt, DateTimeOffset? SupersededAt);
}
