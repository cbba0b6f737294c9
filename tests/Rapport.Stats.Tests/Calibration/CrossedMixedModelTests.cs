using Rapport.Stats.Calibration;
using Rapport.Stats.Ratings;

namespace Rapport.Stats.Tests.Calibration;

/// <summary>
/// The cross-check model. Oracle: for balanced data REML equals the ANOVA (expected mean
/// squares) estimator whenever the latter is positive (Searle, Casella and McCulloch, 1992,
/// Variance Components, §6.7); for candidates × interviewers fully crossed, every pair one
/// interview with the same Q questions, the expected mean squares are MS_E = σ²_e,
/// MS_CI = σ²_e + Qσ²_w, MS_C = MS_CI + JQσ²_c, MS_I = MS_CI + IQσ²_j and MS_Q = σ²_e + IJσ²_q.
/// Rapport's REML iteration takes prediction error variances factor by factor, which leaves an
/// error of order one over the number of levels: here under 1%.
/// </summary>
public sealed class CrossedMixedModelTests
{
    private const int Candidates = 40;
    private const int Interviewers = 8;
    private const int Questions = 6;

    private static int[,,] BalancedRatings(Random random)
    {
        double Normal(double sd) => sd * RatingSimulator.Normal(random);
        var candidate = Enumerable.Range(0, Candidates).Select(_ => Normal(1.2)).ToArray();
        var interviewer = Enumerable.Range(0, Interviewers).Select(_ => Normal(0.6)).ToArray();
        var question = Enumerable.Range(0, Questions).Select(_ => Normal(0.5)).ToArray();
        var y = new int[Candidates, Interviewers, Questions];
        for (var c = 0; c < Candidates; c++)
        {
            for (var j = 0; j < Interviewers; j++)
            {
                var interview = Normal(0.5);
                for (var q = 0; q < Questions; q++)
                {
                    y[c, j, q] = (int)Math.Clamp(Math.Round(5.5 + candidate[c] + interviewer[j] + question[q] + interview + Normal(0.8)), 1, 10);
                }
            }
        }

        return y;
    }

    private static RatingSet ToRatingSet(int[,,] y)
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ratings = new List<Rating>();
        for (var c = 0; c < Candidates; c++)
        {
            for (var j = 0; j < Interviewers; j++)
            {
                for (var q = 0; q < Questions; q++)
                {
                    ratings.Add(new Rating($"i{c}-{j}", $"c{c}", $"j{j}", $"q{q}", "overall", y[c, j, q], at));
                }
            }
        }

        return RatingSet.Create(ratings, RatingScale.WholePoints(1, 10));
    }

    /// <summary>The ANOVA estimates (candidate, interview, interviewer, question, residual) by the expected mean squares.</summary>
    private static double[] Anova(int[,,] y)
    {
        const int I = Candidates, J = Interviewers, Q = Questions;
        double grand = 0;
        var c = new double[I];
        var j = new double[J];
        var q = new double[Q];
        var cj = new double[I, J];
        for (var a = 0; a < I; a++)
        {
            for (var b = 0; b < J; b++)
            {
                for (var d = 0; d < Q; d++)
                {
                    double value = y[a, b, d];
                    grand += value / (I * J * Q);
                    c[a] += value / (J * Q);
                    j[b] += value / (I * Q);
                    q[d] += value / (I * J);
                    cj[a, b] += value / Q;
                }
            }
        }

        double ssC = 0, ssJ = 0, ssQ = 0, ssCJ = 0, ssTotal = 0;
        for (var a = 0; a < I; a++)
        {
            ssC += J * Q * (c[a] - grand) * (c[a] - grand);
            for (var b = 0; b < J; b++)
            {
                var interaction = cj[a, b] - c[a] - j[b] + grand;
                ssCJ += Q * interaction * interaction;
                for (var d = 0; d < Q; d++)
                {
                    ssTotal += (y[a, b, d] - grand) * (y[a, b, d] - grand);
                }
            }
        }

        for (var b = 0; b < J; b++)
        {
            ssJ += I * Q * (j[b] - grand) * (j[b] - grand);
        }

        for (var d = 0; d < Q; d++)
        {
            ssQ += I * J * (q[d] - grand) * (q[d] - grand);
        }

        var msC = ssC / (I - 1);
        var msJ = ssJ / (J - 1);
        var msQ = ssQ / (Q - 1);
        var msCJ = ssCJ / ((I - 1) * (J - 1));
        var dfE = (I * J * Q) - 1 - (I - 1) - (J - 1) - (Q - 1) - ((I - 1) * (J - 1));
        var msE = (ssTotal - ssC - ssJ - ssQ - ssCJ) / dfE;
        return [(msC - msCJ) / (J * Q), (msCJ - msE) / Q, (msJ - msCJ) / (I * Q), (msQ - msE) / (I * J), msE];
    }

    [Fact]
    public void Fit_BalancedCrossedDesign_MatchesTheAnovaEstimates()
    {
        var y = BalancedRatings(new Random(1979));
        var expected = Anova(y);

        var fit = CrossedMixedModel.Fit(ToRatingSet(y), threads: 2);

        var v = fit.Variances;
        double[] actual = [v.Candidate, v.Interview, v.Interviewer, v.Question, v.Residual];
        Assert.True(fit.Converged);
        Assert.All(expected, value => Assert.True(value > 0, "the oracle needs positive ANOVA estimates"));
        for (var k = 0; k < 5; k++)
        {
            Assert.True(Math.Abs((actual[k] / expected[k]) - 1) < 0.01, string.Join(", ", actual.Select((a, i) => $"{a / expected[i]:F4}")));
        }
    }

    [Fact]
    public void Fit_SignalMean_IsTheGrandMeanInABalancedDesign()
    {
        var y = BalancedRatings(new Random(1979));
        var grand = y.Cast<int>().Average();

        var fit = CrossedMixedModel.Fit(ToRatingSet(y));

        Assert.Equal(grand, Assert.Single(fit.SignalMeans).Effect, 1e-6);
    }

    [Fact]
    public void Fit_SimulatedRatings_AgreesWithTheRaterModelAboutWhoIsHarsh()
    {
        var simulation = RatingSimulator.Simulate(new SimulationDesign { Candidates = 400, Interviewers = 20, Questions = 15 }, new Random(42));

        var mixed = CrossedMixedModel.Fit(simulation.Ratings, threads: 2);

        // The linear model's interviewer effect is leniency in rating points: minus the severity.
        Assert.True(Correlation.Pearson([.. mixed.Interviewers.Select(i => -i.Effect)], simulation.Truth.Severity) > 0.9);
        Assert.True(Correlation.Pearson([.. mixed.Candidates.Select(c => c.Effect)], simulation.Truth.Ability) > 0.85);
        Assert.InRange(mixed.Reliability.Observed, 0.5, 0.95);
    }

    [Fact]
    public void Reliability_GrowsWithInterviewsAndMatchesTheObservedDesign()
    {
        var simulation = RatingSimulator.Simulate(new SimulationDesign { Candidates = 300, Interviewers = 20, Questions = 15 }, new Random(4));

        var reliability = CrossedMixedModel.Fit(simulation.Ratings).Reliability;

        var curve = reliability.ByInterviews.Select(point => point.Reliability).ToList();
        Assert.Equal(curve.Order(), curve);
        Assert.Equal(reliability.Observed, reliability.ByInterviews.Single(point => point.Interviews == 4).Reliability, 1e-12);
    }

    [Fact]
    public void Fit_AllRatingsIdentical_IsUndefinedWithAnExplanation()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var set = RatingSet.Create([new Rating("i1", "A", "ana", "q1", "coding", 2, at), new Rating("i2", "B", "ana", "q1", "coding", 2, at)]);

        var error = Assert.Throws<StatisticUndefinedException>(() => CrossedMixedModel.Fit(set));

        Assert.Contains("no variance to divide into components", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_OneCandidateTwoInterviewers_GivesFiniteNumbers()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var set = RatingSet.Create(
        [
            new Rating("i1", "A", "ana", "q1", "coding", 2, at),
            new Rating("i1", "A", "ana", "q1", "design", 3, at),
            new Rating("i2", "A", "ben", "q2", "coding", 4, at),
        ]);

        var fit = CrossedMixedModel.Fit(set);

        var v = fit.Variances;
        var numbers = new[] { v.Candidate, v.Interview, v.Interviewer, v.Question, v.Residual, fit.Reliability.Observed }
            .Concat(fit.Candidates.Concat(fit.Interviewers).Concat(fit.Questions).Concat(fit.SignalMeans).SelectMany(e => new[] { e.Effect, e.StandardError }))
            .Concat(fit.Reliability.ByInterviews.Select(p => p.Reliability));
        Assert.All(numbers, number => Assert.True(double.IsFinite(number)));
    }
}
