using System.Globalization;

namespace Rapport.Sandbox;

/// <summary>
/// Decides whether a test's actual output matches the expected one. Exact comparison forgives
/// what no one should fail a test for: line endings, trailing spaces, trailing blank lines.
/// With a tolerance, numbers are compared within it and separators are ignored, so an ML answer
/// printed as "[0.1000001, 0.2]" passes for "0.1 0.2".
/// </summary>
public static class OutputComparer
{
    private static readonly char[] Separators = [' ', '\t', '\n', '\r', ',', ';', '[', ']', '(', ')'];

    public static bool Matches(string expected, string actual, NumericTolerance? tolerance) =>
        tolerance is null
            ? Normalize(expected).SequenceEqual(Normalize(actual), StringComparer.Ordinal)
            : TokensMatch(expected, actual, tolerance);

    private static List<string> Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static bool TokensMatch(string expected, string actual, NumericTolerance tolerance)
    {
        var want = expected.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var got = actual.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        return want.Length == got.Length && want.Zip(got).All(pair => TokenMatches(pair.First, pair.Second, tolerance));
    }

    private static bool TokenMatches(string expected, string actual, NumericTolerance tolerance)
    {
        if (!TryNumber(expected, out var e) || !TryNumber(actual, out var a))
        {
            return string.Equals(expected, actual, StringComparison.Ordinal);
        }

        if (double.IsNaN(e) || double.IsNaN(a))
        {
            return double.IsNaN(e) && double.IsNaN(a);
        }

        if (double.IsInfinity(e) || double.IsInfinity(a))
        {
            return e.Equals(a);
        }

        return Math.Abs(a - e) <= Math.Max(tolerance.Absolute, tolerance.Relative * Math.Abs(e));
    }

    /// <summary>Also reads how Python and NumPy spell the special values: nan, inf, -inf.</summary>
    private static bool TryNumber(string token, out double value)
    {
        switch (token.ToLowerInvariant())
        {
            case "nan" or "-nan":
                value = double.NaN;
                return true;
            case "inf" or "+inf" or "infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
