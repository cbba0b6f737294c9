using System.Globalization;

namespace Rapport.Infrastructure;

/// <summary>
/// Query parameters arrive as text and are parsed by the page that takes them, with a message that
/// names the parameter and says what it should be. (Blazor parsing them into a typed property
/// turns a bad value into an exception, a 500: <c>?at=99999999999999999999999</c>.)
/// </summary>
public static class QueryText
{
    /// <summary>A whole number from the query; null (and no problem) when absent or empty.</summary>
    public static long? WholeNumber(string? text, string name, string what, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problem = $"'{name}={ShownText.Quote(text, 40)}' is not {what}: give a whole number, or leave '{name}' out.";
        return null;
    }

    /// <summary>An id from the query; null (and no problem) when absent or empty.</summary>
    public static Guid? Id(string? text, string name, string what, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Guid.TryParse(text, out var value))
        {
            return value;
        }

        problem = $"'{name}={ShownText.Quote(text, 40)}' is not {what}: open it from a link in Rapport, or leave '{name}' out.";
        return null;
    }
}
