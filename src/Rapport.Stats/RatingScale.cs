using System.Globalization;

namespace Rapport.Stats;

/// <summary>
/// The values a rating may take, declared up front so that a typo such as 44 on a 1–4 scale is
/// rejected with its position instead of silently widening the data.
/// </summary>
public sealed record RatingScale
{
    private RatingScale(double minimum, double maximum, bool wholeNumbersOnly)
    {
        Minimum = minimum;
        Maximum = maximum;
        WholeNumbersOnly = wholeNumbersOnly;
    }

    public double Minimum { get; }

    public double Maximum { get; }

    /// <summary>True when only whole numbers are allowed, as on an interview scale of 1 to 4.</summary>
    public bool WholeNumbersOnly { get; }

    /// <summary>A scale of whole points from <paramref name="minimum"/> to <paramref name="maximum"/>, both included.</summary>
    public static RatingScale WholePoints(int minimum, int maximum)
    {
        if (minimum >= maximum)
        {
            throw new ArgumentException(
                $"A rating scale needs its minimum below its maximum, but got {minimum} to {maximum}. Declare the scale as lowest point, highest point, for example 1 to 4.",
                nameof(minimum));
        }

        return new RatingScale(minimum, maximum, wholeNumbersOnly: true);
    }

    /// <summary>A continuous scale from <paramref name="minimum"/> to <paramref name="maximum"/>, both included.</summary>
    public static RatingScale Continuous(double minimum, double maximum)
    {
        if (!double.IsFinite(minimum) || !double.IsFinite(maximum) || minimum >= maximum)
        {
            throw new ArgumentException(
                $"A rating scale needs finite bounds with the minimum below the maximum, but got {Format(minimum)} to {Format(maximum)}.",
                nameof(minimum));
        }

        return new RatingScale(minimum, maximum, wholeNumbersOnly: false);
    }

    public bool Contains(double value) =>
        value >= Minimum && value <= Maximum && (!WholeNumbersOnly || value == Math.Floor(value));

    /// <summary>
    /// Every point of a whole-number scale in order, including points nobody used: a kappa table
    /// over a declared scale must keep unused categories so that its weights stay comparable.
    /// </summary>
    public IReadOnlyList<double> Points()
    {
        if (!WholeNumbersOnly)
        {
            throw new InvalidOperationException(
                $"The continuous scale {this} has no list of points. Declare a whole-point scale to tabulate ratings into categories.");
        }

        var points = new List<double>();
        for (var value = Minimum; value <= Maximum; value++)
        {
            points.Add(value);
        }

        return points;
    }

    public override string ToString() =>
        WholeNumbersOnly
            ? $"whole points {Format(Minimum)} to {Format(Maximum)}"
            : $"{Format(Minimum)} to {Format(Maximum)}";

    internal static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
