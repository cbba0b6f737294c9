using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// The reliability of a candidate's mean rating, G(q,k) of Putka, Le, McCloy and Diaz (2008),
/// "Ill-structured measurement designs in organizational research: implications for estimating
/// interrater reliability", Journal of Applied Psychology 93(5), 959–981:
/// G = σ²_T / (σ²_T + q·σ²_R + σ²_TR,e / k̂), where k̂ is the harmonic mean number of raters per
/// ratee and q = 1/k̂ − Σ_{i≠i'} c_{ii'}/(k_i k_{i'}) / (N(N − 1)) counts how much of the rater
/// main effect fails to cancel when ratees are compared, c_{ii'} being the raters ratees i and
/// i' share: q = 0 when every candidate meets the same interviewers, 1/k̂ when no two share one.
/// Here both interviewers and questions play the part of raters, each with its own q, and the
/// interaction-and-error term is the interview term per interview plus the residual per rating.
/// </summary>
public static class Generalizability
{
    /// <summary>The multiplier q for one facet and the harmonic mean k̂ of its levels per candidate.</summary>
    public static (double Q, double HarmonicMean) Overlap(RatingSet ratings, FacetOfRating facet)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var levelOf = facet == FacetOfRating.Interviewer ? ratings.Interviewer : ratings.Question;
        var levels = facet == FacetOfRating.Interviewer ? ratings.InterviewerIds.Count : ratings.QuestionIds.Count;
        var candidates = ratings.CandidateIds.Count;

        // k_i: distinct levels per candidate (ratings are stored candidate by candidate).
        var perCandidate = new int[candidates];
        var lastCandidate = Enumerable.Repeat(-1, levels).ToArray();
        for (var n = 0; n < ratings.Count; n++)
        {
            var level = levelOf[n];
            if (lastCandidate[level] != ratings.Candidate[n])
            {
                lastCandidate[level] = ratings.Candidate[n];
                perCandidate[ratings.Candidate[n]]++;
            }
        }

        // Σ_{i≠i'} c_{ii'}/(k_i k_i') = Σ_level [(Σ_{i∈level} 1/k_i)² − Σ_{i∈level} 1/k_i²]: linear, not quadratic.
        var sums = new double[levels];
        var squares = new double[levels];
        Array.Fill(lastCandidate, -1);
        for (var n = 0; n < ratings.Count; n++)
        {
            var level = levelOf[n];
            var candidate = ratings.Candidate[n];
            if (lastCandidate[level] != candidate)
            {
                lastCandidate[level] = candidate;
                var inverse = 1.0 / perCandidate[candidate];
                sums[level] += inverse;
                squares[level] += inverse * inverse;
            }
        }

        double shared = 0;
        for (var level = 0; level < levels; level++)
        {
            shared += (sums[level] * sums[level]) - squares[level];
        }

        var harmonic = candidates / perCandidate.Sum(k => 1.0 / k);
        var q = candidates < 2 ? 1 / harmonic : (1 / harmonic) - (shared / ((double)candidates * (candidates - 1)));
        return (Math.Max(0, q), harmonic);
    }

    /// <summary>G(q,k) = σ²_T / (σ²_T + q·σ²_R + σ²_TR,e / k̂) for one rater facet.</summary>
    public static double Coefficient(double trueVariance, double q, double raterVariance, double errorVariance, double harmonicMean)
    {
        var denominator = trueVariance + (q * raterVariance) + (errorVariance / harmonicMean);
        if (!(denominator > 0))
        {
            throw new StatisticUndefinedException(
                "Reliability is undefined: the candidates' scores have no variance at all, true or error. This happens only when every rating is the same.");
        }

        return trueVariance / denominator;
    }
}

/// <summary>A facet whose levels rate candidates: interviewers, or the questions they ask.</summary>
public enum FacetOfRating
{
    Interviewer,
    Question,
}
