using Microsoft.EntityFrameworkCore;
using Rapport.Stats.Ratings;

namespace Rapport.Features.Insights;

public sealed partial class RatingsLibrary
{
    public const int LowestLevel = 1;

    public const int HighestLevel = 4;

    /// <summary>
    /// Stages a scorecard's levels as ratings in the caller's <see cref="Data.AppDbContext"/> and does
    /// NOT save: the caller saves them with the scorecard, in one <c>SaveChangesAsync</c> (or one
    /// transaction), so a scorecard is never submitted without its ratings nor the reverse.
    /// <list type="bullet">
    /// <item>A level with no current rating of its question and signal (this interview and interviewer) adds one.</item>
    /// <item>A level that differs from the current rating supersedes it and adds the new one, <c>rated_at</c> = <see cref="ScorecardRatings.SubmittedAt"/>.</item>
    /// <item>A level equal to the current rating leaves it current, with the time it was first given.</item>
    /// <item>A current rating of this interview and interviewer whose question and signal is not among the levels is superseded with no replacement (withdrawn).</item>
    /// </list>
    /// Anything changed adds one <see cref="RatingBatch"/>, so the calibration is recomputed at the
    /// next Insights read after the save (see <see cref="InsightsBoard"/>): there is nothing else to call.
    /// Stage one scorecard once per save.
    /// </summary>
    /// <exception cref="ArgumentException">A key is empty, too long, edged with white space or not valid Unicode, a level is outside 1 to 4, or a question and signal is given twice.</exception>
    /// <exception cref="InvalidOperationException">The stored ratings give the interview to another candidate, or the signal would be more than the models can take.</exception>
    /// <remarks>
    /// Two amendments racing for the same ratings: the second save fails (the superseded row is
    /// checked to be still current, and one current row per signal is a unique index) with
    /// <see cref="DbUpdateException"/>, and nothing of it is kept.
    /// </remarks>
    public async Task<StagedScorecardRatings> StageScorecardRatingsAsync(ScorecardRatings ratings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        Validate(ratings);
        await CheckCandidateAsync(ratings, ct);
        await CheckSignalCountAsync(ratings, ct);

        // Tracked, so that superseding is an update; the Local view also holds rows staged but not yet saved.
        await db.StoredRatings
            .Where(r => r.InterviewKey == ratings.InterviewKey && r.InterviewerKey == ratings.InterviewerKey && r.SupersededAt == null)
            .LoadAsync(ct);
        var current = db.StoredRatings.Local
            .Where(r => r.InterviewKey == ratings.InterviewKey && r.InterviewerKey == ratings.InterviewerKey && r.IsCurrent)
            .ToDictionary(r => (r.QuestionKey, r.Signal));

        var now = ToMilliseconds(time.GetUtcNow());
        var batchId = Guid.CreateVersion7(now);
        var submittedAt = ToMilliseconds(ratings.SubmittedAt);
        var added = new List<StoredRating>();
        var superseded = 0;
        var unchanged = 0;
        foreach (var level in ratings.Levels)
        {
            if (current.Remove((level.QuestionKey, level.Signal), out var existing))
            {
                if (existing.Value == level.Level)
                {
                    unchanged++;
                    continue;
                }

                existing.Supersede(batchId, now);
                superseded++;
            }

            added.Add(new StoredRating
            {
                BatchId = batchId,
                InterviewKey = ratings.InterviewKey,
                CandidateKey = ratings.CandidateKey,
                InterviewerKey = ratings.InterviewerKey,
                QuestionKey = level.QuestionKey,
                Signal = level.Signal,
                Value = level.Level,
                RatedAt = submittedAt,
            });
        }

        // What is left was rated before and is not any more.
        foreach (var withdrawn in current.Values)
        {
            withdrawn.Supersede(batchId, now);
        }

        superseded += current.Count;
        if (added.Count == 0 && superseded == 0)
        {
            return new StagedScorecardRatings(null, 0, 0, 0, unchanged);
        }

        db.RatingBatches.Add(new RatingBatch
        {
            Id = batchId,
            ImportedAt = now,
            ImportedBy = ratings.InterviewerKey,
            Source = ratings.Source,
            RatingCount = added.Count,
            SupersededCount = superseded,
        });
        db.StoredRatings.AddRange(added);
        return new StagedScorecardRatings(batchId, added.Count, superseded, current.Count, unchanged);
    }

    private static void Validate(ScorecardRatings ratings)
    {
        if (string.IsNullOrWhiteSpace(ratings.Source) || ratings.Source.Length > 260)
        {
            throw new ArgumentException("Source names what stored the ratings, for example \"scorecard\": not empty, at most 260 characters.", nameof(ratings));
        }

        CheckKey(ratings.InterviewKey, nameof(ScorecardRatings.InterviewKey));
        CheckKey(ratings.CandidateKey, nameof(ScorecardRatings.CandidateKey));
        CheckKey(ratings.InterviewerKey, nameof(ScorecardRatings.InterviewerKey));
        ArgumentNullException.ThrowIfNull(ratings.Levels);
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < ratings.Levels.Count; i++)
        {
            var level = ratings.Levels[i];
            CheckKey(level.QuestionKey, $"Levels[{i}].{nameof(ScorecardLevel.QuestionKey)}");
            CheckKey(level.Signal, $"Levels[{i}].{nameof(ScorecardLevel.Signal)}");
            if (level.Level is < LowestLevel or > HighestLevel)
            {
                throw new ArgumentException($"Levels[{i}]: the level {level.Level} of '{level.Signal}' on '{level.QuestionKey}' is outside the scale {LowestLevel} to {HighestLevel}. Leave out a signal that was not assessed.", nameof(ratings));
            }

            if (!seen.Add((level.QuestionKey, level.Signal)))
            {
                throw new ArgumentException($"Levels[{i}]: '{level.Signal}' on '{level.QuestionKey}' is given twice. A scorecard rates a signal of a question once.", nameof(ratings));
            }
        }
    }

    /// <summary>The keys must survive an export and an import unchanged (docs/ratings-csv.md), and PostgreSQL text holds no NUL.</summary>
    private static void CheckKey(string key, string field)
    {
        ArgumentNullException.ThrowIfNull(key, field);
        var problem = key.Contains('\0', StringComparison.Ordinal) ? "holds a NUL character, which the databases cannot store." : RatingsCsvWriter.ValueProblem(key);
        if (problem is not null)
        {
            throw new ArgumentException($"{field} '{key}' {problem}", field);
        }
    }

    private async Task CheckCandidateAsync(ScorecardRatings ratings, CancellationToken ct)
    {
        var other = await db.StoredRatings
            .Where(r => r.InterviewKey == ratings.InterviewKey && r.CandidateKey != ratings.CandidateKey)
            .Select(r => r.CandidateKey)
            .FirstOrDefaultAsync(ct);
        if (other is not null)
        {
            throw new InvalidOperationException($"Interview '{ratings.InterviewKey}' is stored for candidate '{other}', not '{ratings.CandidateKey}'. An interview has one candidate: the ratings were not staged.");
        }
    }

    /// <summary>The models intern at most 256 signals; a scorecard must not make the stored ratings unreadable for them.</summary>
    private async Task CheckSignalCountAsync(ScorecardRatings ratings, CancellationToken ct)
    {
        var signals = ratings.Levels.Select(l => l.Signal).Distinct(StringComparer.Ordinal).ToList();
        var known = await Current.Where(r => signals.Contains(r.Signal)).Select(r => r.Signal).Distinct().ToListAsync(ct);
        var unknown = signals.Except(known, StringComparer.Ordinal).Count();
        if (unknown > 0 && await Current.Select(r => r.Signal).Distinct().CountAsync(ct) + unknown > MaximumSignals)
        {
            throw new InvalidOperationException($"The stored ratings would have more than {MaximumSignals} distinct signals, more than calibration can take. Signals are the rubric's dimensions: check the scorecard's signal names.");
        }
    }

    private const int MaximumSignals = 256;
}
