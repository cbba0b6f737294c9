using Rapport.Stats.Calibration;
using Rapport.Stats.Ratings;

namespace Rapport.Stats.Tests.Calibration;

/// <summary>
/// G(q,k) of Putka, Le, McCloy and Diaz (2008), J. Applied Psychology 93(5): q = 1/k̂ − Σ_{i≠i'}
/// c_{ii'}/(k_i k_{i'}) / (N(N − 1)), with k̂ the harmonic mean raters per ratee and c_{ii'} the
/// raters two ratees share. Checked by hand on the three designs the paper contrasts (crossed,
/// partly crossed, nested) and against the definition's double sum on an irregular design.
/// </summary>
public sealed class GeneralizabilityTests
{
    private static RatingSet Design(params string[][] interviewersByCandidate)
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ratings = new List<Rating>();
        for (var c = 0; c < interviewersByCandidate.Length; c++)
        {
            foreach (var interviewer in interviewersByCandidate[c])
            {
                ratings.Add(new Rating($"c{c}-{interviewer}", $"c{c}", interviewer, "q1", "overall", 1 + ((c + interviewer.Length) % 4), at));
            }
        }

        return RatingSet.Create(ratings);
    }

    [Fact]
    public void Overlap_FullyCrossed_IsZero()
    {
        var (q, k) = Generalizability.Overlap(Design(["r1", "r2"], ["r1", "r2"], ["r1", "r2"]), FacetOfRating.Interviewer);

        Assert.Equal(0, q, 1e-12);
        Assert.Equal(2, k, 1e-12);
    }

    [Fact]
    public void Overlap_PartlyCrossedChain_IsOneThird()
    {
        // Ratees share one rater with each neighbour: Σ = 4 · 1/(2·2) = 1, so q = 1/2 − 1/(3·2).
        var (q, _) = Generalizability.Overlap(Design(["r1", "r2"], ["r2", "r3"], ["r3", "r4"]), FacetOfRating.Interviewer);

        Assert.Equal(1.0 / 3, q, 1e-12);
    }

    [Fact]
    public void Overlap_FullyNested_IsOneOverK()
    {
        var (q, _) = Generalizability.Overlap(Design(["r1", "r2"], ["r3", "r4"], ["r5", "r6"]), FacetOfRating.Interviewer);

        Assert.Equal(0.5, q, 1e-12);
    }

    [Fact]
    public void Overlap_IrregularDesign_MatchesTheDefinitionsDoubleSum()
    {
        var random = new Random(2008);
        var raters = Enumerable.Range(0, 7).Select(r => $"r{r}").ToArray();
        var design = Enumerable.Range(0, 25)
            .Select(_ => raters.Where(_ => random.NextDouble() < 0.35).DefaultIfEmpty(raters[random.Next(raters.Length)]).ToArray())
            .ToArray();

        var (q, k) = Generalizability.Overlap(Design(design), FacetOfRating.Interviewer);

        double shared = 0;
        for (var i = 0; i < design.Length; i++)
        {
            for (var j = 0; j < design.Length; j++)
            {
                if (i != j)
                {
                    shared += design[i].Intersect(design[j]).Count() / (double)(design[i].Length * design[j].Length);
                }
            }
        }

        var harmonic = design.Length / design.Sum(d => 1.0 / d.Length);
        Assert.Equal(harmonic, k, 1e-12);
        Assert.Equal((1 / harmonic) - (shared / (design.Length * (design.Length - 1))), q, 1e-12);
    }

    [Fact]
    public void Coefficient_NestedDesign_IsTheAverageMeasuresIcc()
    {
        // With q = 1/k the rater effect is pure error: G = σ²_T / (σ²_T + (σ²_R + σ²_TR,e)/k) = 1 / (1 + 0.75).
        Assert.Equal(1 / 1.75, Generalizability.Coefficient(1, 0.5, 0.5, 1, 2), 1e-12);
    }

    [Fact]
    public void Coefficient_NoVarianceAtAll_IsUndefined()
    {
        var error = Assert.Throws<StatisticUndefinedException>(() => Generalizability.Coefficient(0, 0.5, 0, 0, 2));

        Assert.Contains("no variance at all", error.Message, StringComparison.Ordinal);
    }
}
