namespace Rapport.Stats.Ratings;

/// <summary>The interned columns of a rating set, before and after sorting.</summary>
internal sealed record RatingColumns(
    int[] Candidate,
    int[] Interviewer,
    int[] Question,
    int[] Interview,
    byte[] Signal,
    byte[] Category,
    long[] RatedAtTicks,
    int[]? Lines)
{
    public int Count => Category.Length;

    /// <summary>True when interviews already run 0, 1, 2, … in candidate order, as the simulator writes them.</summary>
    public bool IsSortedByCandidateAndInterview()
    {
        for (var n = 1; n < Count; n++)
        {
            var interviewStep = Interview[n] - Interview[n - 1];
            if (interviewStep is not (0 or 1) || Candidate[n] < Candidate[n - 1] || (interviewStep == 0 && Candidate[n] != Candidate[n - 1]))
            {
                return false;
            }
        }

        return Count == 0 || Interview[0] == 0;
    }

    /// <summary>
    /// Renumbers interviews so that a candidate's interviews are consecutive (keeping their
    /// order of first appearance), then orders the ratings by interview with a stable counting
    /// sort: linear in the number of ratings. Returns the sorted columns and, for each new
    /// interview index, the old one.
    /// </summary>
    public (RatingColumns Sorted, int[] OldInterview) SortedByCandidateAndInterview(int candidateCount, int interviewCount)
    {
        var interviewCandidate = new int[interviewCount];
        for (var n = 0; n < Count; n++)
        {
            interviewCandidate[Interview[n]] = Candidate[n];
        }

        var renumbered = CountingOrder(interviewCandidate, candidateCount);
        var oldInterview = new int[interviewCount];
        for (var i = 0; i < interviewCount; i++)
        {
            oldInterview[renumbered[i]] = i;
        }

        var newInterviewOfRating = new int[Count];
        for (var n = 0; n < Count; n++)
        {
            newInterviewOfRating[n] = renumbered[Interview[n]];
        }

        var position = CountingOrder(newInterviewOfRating, interviewCount);
        var sorted = new RatingColumns(
            new int[Count], new int[Count], new int[Count], new int[Count], new byte[Count], new byte[Count], new long[Count], Lines is null ? null : new int[Count]);
        for (var n = 0; n < Count; n++)
        {
            var to = position[n];
            sorted.Candidate[to] = Candidate[n];
            sorted.Interviewer[to] = Interviewer[n];
            sorted.Question[to] = Question[n];
            sorted.Interview[to] = newInterviewOfRating[n];
            sorted.Signal[to] = Signal[n];
            sorted.Category[to] = Category[n];
            sorted.RatedAtTicks[to] = RatedAtTicks[n];
            if (Lines is not null)
            {
                sorted.Lines![to] = Lines[n];
            }
        }

        return (sorted, oldInterview);
    }

    /// <summary>For keys in [0, keyCount), the position of each element in a stable sort by key.</summary>
    private static int[] CountingOrder(int[] keys, int keyCount)
    {
        var before = new int[keyCount + 1];
        foreach (var key in keys)
        {
            before[key + 1]++;
        }

        for (var k = 0; k < keyCount; k++)
        {
            before[k + 1] += before[k];
        }

        var position = new int[keys.Length];
        for (var n = 0; n < keys.Length; n++)
        {
            position[n] = before[keys[n]]++;
        }

        return position;
    }
}
