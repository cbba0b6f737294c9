using Rapport.Stats.Calibration;

namespace Rapport.Stats.Tests.Calibration;

/// <summary>
/// The rating-scale kernel every fit rests on, checked against the model's closed form
/// (Andrich, 1978, "A rating formulation for ordered response categories", Psychometrika 43:
/// P(k) ∝ exp(kη − Σ_{h≤k} t_h)) and its derivatives against central finite differences.
/// </summary>
public sealed class SignalCurvesTests
{
    private const double Step = 1e-5;

    private static SignalCurves Curves(params double[] thresholds)
    {
        var curves = new SignalCurves(1, thresholds.Length + 1);
        curves.Update(thresholds);
        return curves;
    }

    private static double[] Probabilities(SignalCurves curves, double eta)
    {
        var p = new double[curves.Categories];
        curves.Fill(0, eta, p);
        return p;
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.3, 0.4)]
    [InlineData(-2.0, 1.0)]
    public void Fill_TwoCategories_IsTheDichotomousRaschModel(double eta, double threshold)
    {
        var p = Probabilities(Curves(threshold), eta);

        Assert.Equal(1 / (1 + Math.Exp(-(eta - threshold))), p[1], 1e-14);
        Assert.Equal(1, p[0] + p[1], 1e-14);
    }

    [Fact]
    public void Fill_FourCategories_MatchesTheClosedForm()
    {
        double[] t = [-1.2, 0.3, 1.1];
        const double eta = 0.7;
        var numerators = new[] { 1, Math.Exp(eta - t[0]), Math.Exp((2 * eta) - t[0] - t[1]), Math.Exp((3 * eta) - t[0] - t[1] - t[2]) };
        var total = numerators.Sum();

        var p = Probabilities(Curves(t), eta);

        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(numerators[k] / total, p[k], 1e-14);
        }
    }

    [Fact]
    public void Fill_ExtremeThresholds_TakesTheSafePathAndStaysNormalised()
    {
        // Thresholds this far apart overflow exp(−Σt) on the fast path; the slow path must agree with the closed form.
        var p = Probabilities(Curves(-200, 0, 200), 30);

        Assert.Equal(1, p.Sum(), 1e-12);
        Assert.All(p, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(1 / (1 + Math.Exp(-(30 - 0.0))), p[2] / (p[1] + p[2]), 1e-12);
    }

    [Fact]
    public void Moments_AreTheLogLikelihoodsDerivativesInTheLogit()
    {
        // d log P(x)/dη = x − E[X]; d²/dη² = −Var(X): the score and information of the ability step.
        var curves = Curves(-0.8, 0.1, 1.4);
        const double eta = 0.35;
        for (var x = 0; x < 4; x++)
        {
            double LogP(double at) => Math.Log(Probabilities(curves, at)[x]);
            var (expected, variance) = SignalCurves.Moments(Probabilities(curves, eta));

            var first = (LogP(eta + Step) - LogP(eta - Step)) / (2 * Step);
            var second = (LogP(eta + Step) - (2 * LogP(eta)) + LogP(eta - Step)) / (Step * Step);

            Assert.Equal(x - expected, first, 1e-8);
            Assert.Equal(-variance, second, 1e-4);
        }
    }

    [Fact]
    public void ThresholdGradient_IsTailProbabilityMinusIndicator()
    {
        // d log P(x)/dt_h = P(X ≥ h) − 1[x ≥ h]: the gradient the threshold step accumulates.
        double[] t = [-0.8, 0.1, 1.4];
        const double eta = -0.2;
        var p = Probabilities(Curves(t), eta);
        for (var x = 0; x < 4; x++)
        {
            for (var h = 1; h <= 3; h++)
            {
                double LogP(double shift)
                {
                    var moved = (double[])t.Clone();
                    moved[h - 1] += shift;
                    return Math.Log(Probabilities(Curves(moved), eta)[x]);
                }

                var numeric = (LogP(Step) - LogP(-Step)) / (2 * Step);
                var tail = p.Skip(h).Sum();

                Assert.Equal(tail - (x >= h ? 1 : 0), numeric, 1e-8);
            }
        }
    }

    [Fact]
    public void ThirdMoment_IsTheCurvatureOfTheExpectedRating()
    {
        // E[E(η + ε)] ≈ E(η) + Var(ε)·κ₃/2: the second-order correction rests on d²E/dη² = κ₃.
        var curves = Curves(-1.0, 0.2, 0.9);
        const double eta = 0.6;
        const double h = 1e-4;

        var numeric = (curves.Expected(0, eta + h) - (2 * curves.Expected(0, eta)) + curves.Expected(0, eta - h)) / (h * h);
        var (_, _, third) = SignalCurves.ThreeMoments(Probabilities(curves, eta));

        Assert.Equal(numeric, third, 1e-5);
    }

    [Fact]
    public void Tails_CorrectionIsTheCurvatureOfEachTailProbability()
    {
        var curves = Curves(-1.0, 0.2, 0.9);
        const double eta = -0.3;
        const double h = 1e-4;
        var p = Probabilities(curves, eta);
        var (mean, variance) = SignalCurves.Moments(p);
        var atLeast = new double[4];
        var corrected = new double[4];

        SignalCurves.Tails(p, mean, variance, 1, atLeast, corrected);

        for (var k = 1; k < 4; k++)
        {
            double Tail(double at) => Probabilities(curves, at).Skip(k).Sum();
            var numeric = (Tail(eta + h) - (2 * Tail(eta)) + Tail(eta - h)) / (h * h);
            Assert.Equal(Tail(eta), atLeast[k], 1e-14);
            Assert.Equal(numeric, corrected[k] - atLeast[k], 1e-5);
        }
    }

    [Fact]
    public void ExpectedOverSignals_InvertsByBisection()
    {
        var curves = Curves(-1.0, 0.2, 0.9);

        var logit = curves.LogitForExpected(2.0);

        Assert.Equal(2.0, curves.ExpectedOverSignals(logit), 1e-9);
    }
}
