namespace Rapport.Infrastructure;

/// <summary>
/// A setting that keeps Rapport from starting. The message names the setting and says how to fix
/// it; the command line prints it as one line instead of a stack trace.
/// </summary>
public sealed class InvalidSettingException(string setting, string problem, Exception? inner = null)
    : Exception($"{setting}: {problem}", inner)
{
    public string Setting { get; } = setting;
}
