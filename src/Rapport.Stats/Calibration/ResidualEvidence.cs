using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>Collects every interviewer's residual evidence in one pass over the ratings, interview by interview.</summary>
internal static class ResidualEvidence
{
    /// <summary>A scorecard needs this many ratings before "all the same" says anything.</summary>
    private const int HaloMinimumRatings = 3;

    public static InterviewerEvidence[] Collect(RatingSet ratings, RaterModelState state, int[] groupOf, int groupCount)
    {
        var evidence = new InterviewerEvidence[ratings.InterviewerIds.Count];
        for (var j = 0; j < evidence.Length; j++)
        {
            evidence[j] = new InterviewerEvidence(ratings.Signals.Count, groupCount);
        }

        for (var n = 0; n < ratings.Count; n++)
        {
            var e = evidence[ratings.Interviewer[n]];
            e.FirstTicks = Math.Min(e.FirstTicks, ratings.RatedAtTicks[n]);
            e.LastTicks = Math.Max(e.LastTicks, ratings.RatedAtTicks[n]);
        }

        var categories = ratings.CategoryCount;
        var probabilities = new List<double[]>();
        for (var i = 0; i < ratings.InterviewIds.Count; i++)
        {
            var start = ratings.InterviewStarts[i];
            var end = ratings.InterviewStarts[i + 1];
            while (probabilities.Count < end - start)
            {
                probabilities.Add(new double[categories]);
            }

            for (var n = start; n < end; n++)
            {
                var p = probabilities[n - start];
                var eta = state.Ability[ratings.Candidate[n]] + state.InterviewTerm[i] - state.Severity[ratings.Interviewer[n]] - state.Difficulty[ratings.Question[n]];
                state.Curves.Fill(ratings.Signal[n], eta, p);
                Add(ratings, evidence[ratings.Interviewer[n]], n, p, groupOf, groupCount);
            }

            AddScorecards(ratings, evidence, start, end, probabilities);
        }

        return evidence;
    }

    private static void Add(RatingSet ratings, InterviewerEvidence evidence, int n, double[] p, int[] groupOf, int groupCount)
    {
        var (expected, variance) = SignalCurves.Moments(p);
        var category = ratings.Category[n];
        var residual = category - expected;
        evidence.BySignal[ratings.Signal[n]].Add(residual, variance);

        var middle = evidence.FirstTicks + ((evidence.LastTicks - evidence.FirstTicks) / 2);
        (ratings.RatedAtTicks[n] <= middle ? evidence.Early : evidence.Late).Add(residual, variance);

        var group = groupOf[ratings.Candidate[n]];
        for (var g = 0; g < groupCount; g++)
        {
            if (g == group)
            {
                evidence.ByGroup[g].Add(residual, variance);
                evidence.GroupCandidates[g].Add(ratings.Candidate[n]);
            }
            else
            {
                evidence.OutsideGroup[g].Add(residual, variance);
            }
        }

        var last = p.Length - 1;
        if (category == 0 || category == last)
        {
            evidence.Extremes++;
        }

        var extreme = p[0] + p[last];
        evidence.ExpectedExtremes += extreme;
        evidence.ExtremeVariance += extreme * (1 - extreme);
    }

    /// <summary>For each interviewer's scorecard in one interview: were all its ratings the same, and how likely was that?</summary>
    private static void AddScorecards(RatingSet ratings, InterviewerEvidence[] evidence, int start, int end, List<double[]> probabilities)
    {
        for (var n = start; n < end; n++)
        {
            var interviewer = ratings.Interviewer[n];
            var seenBefore = false;
            for (var m = start; m < n && !seenBefore; m++)
            {
                seenBefore = ratings.Interviewer[m] == interviewer;
            }

            if (seenBefore)
            {
                continue;
            }

            var count = 0;
            var flat = true;
            var allSame = new double[ratings.CategoryCount];
            Array.Fill(allSame, 1);
            for (var m = n; m < end; m++)
            {
                if (ratings.Interviewer[m] != interviewer)
                {
                    continue;
                }

                count++;
                flat &= ratings.Category[m] == ratings.Category[n];
                for (var k = 0; k < allSame.Length; k++)
                {
                    allSame[k] *= probabilities[m - start][k];
                }
            }

            if (count < HaloMinimumRatings)
            {
                continue;
            }

            var expected = allSame.Sum();
            var e = evidence[interviewer];
            e.Scorecards++;
            e.FlatScorecards += flat ? 1 : 0;
            e.ExpectedFlat += expected;
            e.FlatVariance += expected * (1 - expected);
        }
    }
}
