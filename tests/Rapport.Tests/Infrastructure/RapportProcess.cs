using System.Diagnostics;

namespace Rapport.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real <c>rapport</c> executable (built next to the tests) with its own data folder and environment.</summary>
public sealed class RapportProcess : IDisposable
{
    public RapportProcess() => DataDirectory = Directory.CreateTempSubdirectory("rapport-cli-").FullName;

    public string DataDirectory { get; }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "rapport");

    /// <summary>The unprivileged account a process runs as when <see cref="Unprivileged"/> is set.</summary>
    public const int Nobody = 65534;

    /// <summary>
    /// When set, the process runs as nobody (with setpriv, no groups, no capabilities) and its data
    /// folder is nobody's: for what must work without root, such as a web node whose runs go to workers.
    /// </summary>
    public bool Unprivileged { get; init; }

    public ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Unprivileged ? "setpriv" : Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Unprivileged)
        {
            using var chown = Process.Start("chown", ["-R", $"{Nobody}:{Nobody}", DataDirectory])!;
            chown.WaitForExit();
            foreach (var arg in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", Executable })
            {
                info.ArgumentList.Add(arg);
            }

        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only what the test says: nothing from the test runner's own RAPPORT_ settings leaks in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("RAPPORT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["RAPPORT_DATA"] = DataDirectory;
        if (Unprivileged)
        {
            info.Environment["HOME"] = DataDirectory;
            info.Environment["RAPPORT_staticWebAssets"] = ReadableAssets.Value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>
    /// A plain build serves some static assets straight from the package cache under /root, which
    /// nobody cannot read (a published build has them beside it): a copy of the build's asset
    /// manifest that points those at readable copies instead.
    /// </summary>
    private static readonly Lazy<string> ReadableAssets = new(() =>
    {
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rapport.staticwebassets.runtime.json")))!;
        var copies = Directory.CreateTempSubdirectory("rapport-assets-");
        if (!OperatingSystem.IsWindows())
        {
            copies.UnixFileMode |= UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        }

        var roots = manifest["ContentRoots"]!.AsArray();
        for (var i = 0; i < roots.Count; i++)
        {
            var root = (string)roots[i]!;
            if (root.StartsWith("/root/", StringComparison.Ordinal))
            {
                var copy = Path.Combine(copies.FullName, i.ToString(System.Globalization.CultureInfo.InvariantCulture)) + "/";
                using var cp = Process.Start("cp", ["-r", root, copy])!;
                cp.WaitForExit();
                using var chmod = Process.Start("chmod", ["-R", "o+rX", copy])!;
                chmod.WaitForExit();
                roots[i] = copy;
            }
        }

        var path = Path.Combine(copies.FullName, "rapport.staticwebassets.runtime.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    });

    public async Task<ProcessResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, string? input = null)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await output, await error);
    }

    public void Dispose() => Directory.Delete(DataDirectory, recursive: true);
}
