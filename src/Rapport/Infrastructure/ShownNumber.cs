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

    /// <summary>"1 rating", "0 ratings", "2 ratings".</summary>
    public static string Count(int count, string singular, string plural) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural)}";
}
