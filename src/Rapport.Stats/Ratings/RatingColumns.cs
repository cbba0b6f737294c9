namespace Rapport.Stats.Ratings;

/// <summary>The interned columns of a rating set, before and after sorting (in place, a column at a time).</summary>
internal sealed class RatingColumns(
    int[] candidate,
    int[] interviewer,
    int[] question,
    int[] interview,
    byte[] signal,
    byte[] category,
    long[] ratedAtTicks,
    int[]? lines)
{
    public int[] Candidate { get; private set; } = candidate;

    public int[] Interviewer { get; private set; } = interviewer;

    public int[] Question { get; private set; } = question;

    public int[] Interview { get; private set; } = interview;

    public byte[] Signal { get; private set; } = signal;

    public byte[] Category { get; private set; } = category;

    public long[] RatedAtTicks { get; private set; } = ratedAtTicks;

    public int[]? Lines { get; private set; } = lines;

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
    /// sort: linear in the number of ratings. Returns, for each new interview index, the old one.
    /// Moves one column at a time, so at most one column is ever held twice.
    /// </summary>
    public int[] SortByCandidateAndInterview(int candidateCount, int interviewCount)
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

        for (var n = 0; n < Count; n++)
        {
            Interview[n] = renumbered[Interview[n]];
        }

        var position = CountingOrder(Interview, interviewCount);
        Candidate = Moved(Candidate, position);
        Interviewer = Moved(Interviewer, position);
        Question = Moved(Question, position);
        Interview = Moved(Interview, position);
        Signal = Moved(Signal, position);
        Category = Moved(Category, position);
        RatedAtTicks = Moved(RatedAtTicks, position);
        Lines = Lines is null ? null : Moved(Lines, position);
        return oldInterview;
    }

    private static T[] Moved<T>(T[] column, int[] position)
    {
        var moved = new T[column.Length];
        for (var n = 0; n < column.Length; n++)
        {
            moved[position[n]] = column[n];
        }

        return moved;
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
