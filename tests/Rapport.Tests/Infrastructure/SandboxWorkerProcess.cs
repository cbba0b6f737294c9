using System.Globalization;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A real <c>rapport sandbox serve</c> on loopback, on a uid range of its own (apart from every
/// other sandbox of the test run), with what it prints kept for the test to read. It can be killed
/// (SIGKILL, as a machine that dies), stopped (SIGTERM) and started again on the same port.
/// </summary>
public sealed class SandboxWorkerProcess : IAsyncDisposable
{
    /// <summary>The cluster's secret in these tests: 64 hex characters, as 'openssl rand -hex 32' makes.</summary>
    public const string Secret = "5f0c2a7e9b1d4c6f8a3e5b7d9c1f2a4e6b8d0c2e4f6a8b0d2c4e6f8a0b2d4c6e";

    private static int instances;
    private readonly RapportProcess rapport = new();
    private readonly Dictionary<string, string> environment;

    private SandboxWorkerProcess(string secret)
    {
        Url = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var firstUid = 60700 + (20 * Interlocked.Increment(ref instances) % 1000);
        environment = new Dictionary<string, string>
        {
            ["RAPPORT_Sandbox__WorkerSecret"] = secret,
            ["RAPPORT_Sandbox__Workers"] = "2",
            ["RAPPORT_Sandbox__PrestartedSandboxes"] = "1",
            ["RAPPORT_Sandbox__FirstUid"] = firstUid.ToString(CultureInfo.InvariantCulture),
            ["RAPPORT_Sandbox__UidCount"] = "8",
            ["RAPPORT_Sandbox__CompilerUid"] = (firstUid - 1).ToString(CultureInfo.InvariantCulture),
        };
    }

    public Uri Url { get; }

    /// <summary>Everything the worker printed so far (its log included).</summary>
    public string Said => string.Join("\n", rapport.Said);

    public static async Task<SandboxWorkerProcess> StartAsync(string secret = Secret)
    {
        var worker = new SandboxWorkerProcess(secret);
        await worker.StartAgainAsync();
        return worker;
    }

    /// <summary>Starts it and waits until it has said which languages it runs.</summary>
    public Task StartAgainAsync() =>
        rapport.ServeAsync(["sandbox", "serve", "--port", Url.Port.ToString(CultureInfo.InvariantCulture)], environment, "Runs work here", $"The sandbox worker on {Url}");

    public Task KillAsync() => rapport.KillAsync();

    public Task StopAsync() => rapport.StopAsync();

    /// <summary>A workers file naming <paramref name="addresses"/>, as <c>Sandbox:WorkersFile</c> reads it.</summary>
    public static string WorkersFile(params Uri[] addresses)
    {
        var folder = Directory.CreateTempSubdirectory("rapport-workers-");
        // Readable by a web node that runs without root.
        if (!OperatingSystem.IsWindows())
        {
            folder.UnixFileMode |= UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        }

        var path = Path.Combine(folder.FullName, "workers");
        File.WriteAllLines(path, ["# the sandbox workers", .. addresses.Select(a => a.ToString())]);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        rapport.Dispose();
    }
}
