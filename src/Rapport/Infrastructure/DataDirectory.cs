namespace Rapport.Infrastructure;

/// <summary>The folder for the SQLite file and keys: <c>RAPPORT_DATA</c>, else <c>./data</c>.</summary>
public static class DataDirectory
{
    public const string Setting = "DATA";

    /// <summary>The full path, created if missing and checked to be writable.</summary>
    public static string Resolve(IConfiguration configuration)
    {
        var path = Path.GetFullPath(configuration[Setting] is { Length: > 0 } configured ? configured : "data");
        try
        {
            if (!Directory.Exists(path))
            {
                // Its owner's alone: the database, the keys and unsent mail (with candidate links) live here.
                // A folder that exists keeps the mode its admin gave it.
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(path);
                }
                else
                {
                    Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var probe = Path.Combine(path, $".write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException("RAPPORT_DATA", $"the data directory '{path}' is not writable ({e.Message}); point RAPPORT_DATA at a folder this user can write, or fix its permissions.", e);
        }

        return path;
    }
}
