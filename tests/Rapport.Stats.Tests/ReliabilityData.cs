using System.Globalization;

namespace Rapport.Stats.Tests;

/// <summary>Writes reliability data the way the papers print it: one line per coder, "." for missing.</summary>
internal static class ReliabilityData
{
    public static RatingMatrix FromCoderLines(params string[] coders) =>
        RatingMatrix.FromRaters([.. coders.Select(ParseLine)]);

    private static IReadOnlyList<double?> ParseLine(string line) =>
        [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(token => token == "." ? (double?)null : double.Parse(token, CultureInfo.InvariantCulture))];
}
