namespace Rapport.Infrastructure;

/// <summary>The folder for the SQLite file, keys and outgoing mail: <c>RAPPORT_DATA</c>, else <c>./data</c>.</summary>
public static class DataDirectory
{
    public const string Setting = "DATA";

    public static string Resolve(IConfiguration configuration)
    {
        var path = Path.GetFullPath(configuration[Setting] is { Length: > 0 } configured ? configured : "data");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException("RAPPORT_DATA", $"cannot create the data directory '{path}' ({e.Message}); point RAPPORT_DATA at a writable folder.", e);
        }

        return path;
    }
}
