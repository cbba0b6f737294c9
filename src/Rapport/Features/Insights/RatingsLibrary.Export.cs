using Rapport.Stats.Ratings;

namespace Rapport.Features.Insights;

/// <summary>What an export wrote: the number of ratings, or the values that would not survive the round trip (and nothing written).</summary>
public sealed record RatingsExportOutcome(int Ratings, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

public sealed partial class RatingsLibrary
{
    /// <summary>
    /// Writes the current ratings as a ratings CSV (docs/ratings-csv.md) in the order of
    /// <see cref="LoadCurrentAsync"/>, each row with its candidate's self-identified group: the
    /// file holds demographics, handle it like the database. Checks every value first; if one would
    /// read back differently, nothing is written and the outcome names it.
    /// </summary>
    public async Task<RatingsExportOutcome> ExportAsync(TextWriter writer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var ratings = await LoadCurrentAsync(ct);
        var groups = await LoadGroupsAsync(ct);
        var problems = RatingsCsvWriter.Problems(ratings, groups);
        if (problems.Count > 0)
        {
            return new RatingsExportOutcome(0, problems);
        }

        RatingsCsvWriter.Write(writer, ratings, groups);
        await writer.FlushAsync(ct);
        return new RatingsExportOutcome(ratings.Count, []);
    }
}
