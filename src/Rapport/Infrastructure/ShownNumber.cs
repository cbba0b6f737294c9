using System.Globalization;

namespace Rapport.Infrastructure;

/// <summary>
/// Figures and counts as people read them. A figure that rounds to zero prints as 0.00, never
/// "-0.00" (a difficulty of -0.001 is no easier than average); a count agrees with its noun
/// ("1 rating", "2 ratings").
/// </summary>
public static class ShownNumber
{
    /// <summary>The value with <paramref name="decimals"/> decimals (invariant culture), without a sign when it rounds to zero.</summary>
    public static string Fixed(double value, int decimals)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "—";
        }

        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);

        // -0.0 == 0.0 in IEEE arithmetic, so this also drops the sign of a negative zero.
        return (rounded == 0 ? 0.0 : rounded).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Two decimals, the precision of every calibrated figure on the pages.</summary>
    public static string Fixed(double value) => Fixed(value, 2);

    /// <summary>
    /// A probability as a percentage with one decimal, and "&lt; 0.1 %" or "&gt; 99.9 %" beyond that:
    /// a model's tail probability of 1e-55 is not a figure anyone can act on, and printing it as
    /// one claims a precision the model does not have. Programs read the exact value instead.
    /// </summary>
    public static string Probability(double probability)
    {
        if (double.IsNaN(probability) || double.IsInfinity(probability))
        {
            return "—";
        }

        return probability switch
        {
            < 0.001 => "< 0.1 %",
            > 0.999 => "> 99.9 %",
            _ => $"{Fixed(probability * 100, 1)} %",
        };
    }

    /// <summary>A p-value with three decimals, and "&lt; 0.001" below that (never "0.000").</summary>
    public static string PValue(double p) => p < 0.001 ? "< 0.001" : Fixed(p, 3);

    /// <summary>"1 rating", "0 ratings", "2 ratings".</summary>
    public static string Count(int count, string singular, string plural) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural)}";
}
