using System.Text.RegularExpressions;

namespace Rapport.Infrastructure;

/// <summary>Reads a settings section at start, turning a value that does not convert into a message that names it.</summary>
public static partial class Settings
{
    public static T Read<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            var key = KeyInMessage().Match(e.Message) is { Success: true } match ? match.Groups[1].Value : section;
            throw new InvalidSettingException(key, $"'{configuration[key]}' is not a valid value: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    [GeneratedRegex("at '([^']+)'")]
    private static partial Regex KeyInMessage();
}
