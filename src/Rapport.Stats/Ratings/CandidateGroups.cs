namespace Rapport.Stats.Ratings;

/// <summary>
/// Voluntary self-identified groups of candidates, kept apart from the ratings: the rater model
/// never sees them, and only fairness analyses that are handed this object explicitly can use
/// them. Candidates who did not self-identify are simply absent.
/// </summary>
public sealed class CandidateGroups
{
    private readonly Dictionary<string, string> groupByCandidate;

    public CandidateGroups(IReadOnlyDictionary<string, string> groupByCandidate)
    {
        ArgumentNullException.ThrowIfNull(groupByCandidate);
        this.groupByCandidate = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (candidate, group) in groupByCandidate)
        {
            if (string.IsNullOrWhiteSpace(group))
            {
                throw new ArgumentException(
                    $"Candidate '{candidate}' has an empty group. Leave candidates who did not self-identify out instead.",
                    nameof(groupByCandidate));
            }

            this.groupByCandidate[candidate] = group;
        }
    }

    public int Count => groupByCandidate.Count;

    /// <summary>The distinct groups, in ordinal order.</summary>
    public IReadOnlyList<string> Groups => [.. groupByCandidate.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The candidate's group, or null when the candidate did not self-identify.</summary>
    public string? GroupOf(string candidateId) =>
        groupByCandidate.TryGetValue(candidateId, out var group) ? group : null;
}
