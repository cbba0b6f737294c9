using System.Diagnostics;

namespace Rapport.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real <c>rapport</c> executable (built next to the tests) with its own data folder and environment.</summary>
public sealed class RapportProcess : IDisposable
{
    public RapportProcess() => DataDirectory = Directory.CreateTempSubdirectory("rapport-cli-").FullName;

    public string DataDirectory { get; }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "rapport");

    /// <summary>The executable this process runs: this build's, or another release's (a rolling upgrade).</summary>
    public string Program { get; set; } = Executable;

    /// <summary>The unprivileged account a process runs as when <see cref="Unprivileged"/> is set.</summary>
    public const int Nobody = 65534;

    /// <summary>
    /// When set, the process runs as nobody (with setpriv, no groups, no capabilities) and its data
    /// folder is nobody's: for what must work without root, such as a web node whose runs go to workers.
    /// </summary>
    public bool Unprivileged { get; init; }

    public ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Unprivileged ? "setpriv" : Program)
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
            foreach (var arg in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", Program })
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

    private Process? served;

    /// <summary>What the long-running command started by <see cref="ServeAsync"/> printed so far.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Said { get; } = new();

    /// <summary>
    /// Starts a long-running command (<c>serve</c>, <c>sandbox serve</c>) and waits until it prints a
    /// line starting with <paramref name="ready"/>; fails the test with what it said if it does not.
    /// </summary>
    public async Task ServeAsync(string[] args, IReadOnlyDictionary<string, string> environment, string ready, string what)
    {
        var started = Process.Start(StartInfo(args, environment))!;
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.OutputDataReceived += (_, e) =>
        {
            Said.Enqueue(e.Data ?? "");
            if (e.Data?.StartsWith(ready, StringComparison.Ordinal) == true)
            {
                up.TrySetResult();
            }
        };
        started.ErrorDataReceived += (_, e) => Said.Enqueue(e.Data ?? "");
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        served = started;
        if (await Task.WhenAny(up.Task, started.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90))) != up.Task)
        {
            Assert.Fail($"{what} did not start; it said:\n{string.Join("\n", Said)}");
        }
    }

    /// <summary>SIGKILL of what <see cref="ServeAsync"/> started, and of every process it started: a machine that dies.</summary>
    public async Task KillAsync()
    {
        if (served is { HasExited: false })
        {
            served.Kill(entireProcessTree: true);
            await served.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, as systemd stops it, then waits for it to end.</summary>
    public async Task StopAsync()
    {
        if (served is { HasExited: false })
        {
            using var term = Process.Start("kill", ["-TERM", served.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            await served.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public void Dispose()
    {
        if (served is { HasExited: false })
        {
            served.Kill(entireProcessTree: true);
            served.WaitForExit();
        }

        served?.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
