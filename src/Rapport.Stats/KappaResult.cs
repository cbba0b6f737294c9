namespace Rapport.Stats;

/// <summary>Cohen's kappa, plain or weighted, with the large-sample errors of Fleiss, Cohen and Everitt (1969).</summary>
/// <param name="Kappa">(p_o − p_e) / (1 − p_e): 1 is perfect agreement, 0 is what chance would give.</param>
/// <param name="ObservedAgreement">p_o, weighted when the kappa is.</param>
/// <param name="ExpectedAgreement">p_e: the agreement expected from the raters' own category frequencies.</param>
/// <param name="StandardError">Asymptotic standard error of the kappa, for confidence intervals.</param>
/// <param name="StandardErrorUnderNull">Standard error assuming no agreement beyond chance, for the test of kappa = 0.</param>
/// <param name="Subjects">Subjects rated by both raters.</param>
public sealed record KappaResult(
    double Kappa,
    double ObservedAgreement,
    double ExpectedAgreement,
    double StandardError,
    double StandardErrorUnderNull,
    long Subjects)
{
    /// <summary>Kappa over its null standard error; null when that error is 0 (each rater used one category only).</summary>
    public double? Z => StandardErrorUnderNull > 0 ? Kappa / StandardErrorUnderNull : null;

    /// <summary>Two-sided p-value of the test that kappa is 0; null when <see cref="Z"/> is.</summary>
    public double? PValue => Z is { } z ? NormalDistribution.TwoSidedPValue(z) : null;

    /// <summary>The Wald interval kappa ± z·SE at the given confidence level (0.95 for 95%).</summary>
    public (double Lower, double Upper) ConfidenceInterval(double level = 0.95)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "A confidence level is a probability strictly between 0 and 1, such as 0.95.");
        }

        var half = NormalDistribution.InverseCdf(0.5 + (level / 2)) * StandardError;
        return (Kappa - half, Kappa + half);
    }
}
