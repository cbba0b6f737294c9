using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// How the ratings of each interviewer (or question) bunch into interviews: for every pair of a
/// level and an interview it appears in, the level's ratings there and the interview's size.
/// An interview term shared by those ratings makes them count for less than independent ones,
/// which the prediction error variance of the level must allow for.
/// </summary>
internal sealed class InterviewClusters
{
    private readonly int[] level;
    private readonly int[] count;
    private readonly int[] interviewSize;
    private readonly int[] interview;

    public InterviewClusters(RatingSet ratings, int[] levelOfRating)
    {
        // Typically one interviewer (or question) per interview: one pair per interview.
        var capacity = ratings.InterviewIds.Count;
        var levels = new List<int>(capacity);
        var counts = new List<int>(capacity);
        var sizes = new List<int>(capacity);
        var interviews = new List<int>(capacity);
        for (var i = 0; i < ratings.InterviewIds.Count; i++)
        {
            var start = ratings.InterviewStarts[i];
            var end = ratings.InterviewStarts[i + 1];
            var first = levels.Count;
            for (var n = start; n < end; n++)
            {
                var at = levels.IndexOf(levelOfRating[n], first);
                if (at < 0)
                {
                    levels.Add(levelOfRating[n]);
                    counts.Add(1);
                    sizes.Add(end - start);
                    interviews.Add(i);
                }
                else
                {
                    counts[at]++;
                }
            }
        }

        level = [.. levels];
        count = [.. counts];
        interviewSize = [.. sizes];
        interview = [.. interviews];
    }

    /// <summary>
    /// Per level, Σ over its interviews of n_li² / (n_i + λ): the information the interview terms
    /// (with variance ratio λ = σ²_e/σ²_interview) take away from the level's n_l ratings.
    /// </summary>
    public double[] SharedInformation(int levels, double interviewRatio)
    {
        var shared = new double[levels];
        for (var p = 0; p < level.Length; p++)
        {
            shared[level[p]] += (double)count[p] * count[p] / (interviewSize[p] + interviewRatio);
        }

        return shared;
    }

    /// <summary>
    /// Adds to each interview's prediction error variance the part inherited from the levels it
    /// is nested in: an interview term is its interview's residual mean minus the level's effect,
    /// so the level's uncertainty passes on with weight (n_li/(n_i + λ))², scaled by the share
    /// n_li/n_i of the interview the level covers (1 when nested, small when crossed).
    /// </summary>
    public void AddInherited(double[] interviewError, double[] levelError, double interviewRatio)
    {
        for (var p = 0; p < level.Length; p++)
        {
            var weight = count[p] / (interviewSize[p] + interviewRatio);
            interviewError[interview[p]] += weight * weight * count[p] / interviewSize[p] * levelError[level[p]];
        }
    }
}
