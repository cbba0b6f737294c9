using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rapport.Rooms.Bench;

/// <summary>
/// The real <c>rapport</c> executable serving on a free loopback port, with a data folder
/// (SQLite) of its own that is deleted afterwards; its memory and CPU read from /proc.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly string executable;
    private readonly string dataDirectory;
    private readonly Queue<string> lastLines = new();
    private readonly IReadOnlyDictionary<string, string> environment;
    private Process? serve;
    private int errorsLogged;
    private string? firstError;

    private ServerProcess(string executable, string? dataRoot, IReadOnlyDictionary<string, string>? environment)
    {
        this.executable = executable;
        this.environment = environment ?? new Dictionary<string, string>();
        dataDirectory = dataRoot is null
            ? Directory.CreateTempSubdirectory("rapport-rooms-bench-").FullName
            : Directory.CreateDirectory(Path.Combine(dataRoot, $"rapport-rooms-bench-{Guid.NewGuid():N}")).FullName;
    }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public int ProcessId => serve?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>The server's last lines of output, for saying why something failed.</summary>
    public string LastLines
    {
        get
        {
            lock (lastLines)
            {
                return string.Join(Environment.NewLine, lastLines);
            }
        }
    }

    public bool HasExited => serve?.HasExited ?? true;

    /// <summary>Errors the server logged (fail or crit), and the first of them.</summary>
    public (int Count, string? First) ErrorsLogged
    {
        get
        {
            lock (lastLines)
            {
                return (errorsLogged, firstError);
            }
        }
    }

    /// <summary>Creates the staff accounts with the CLI, then serves; the data folder goes under <paramref name="dataRoot"/>, or the system's temporary folder.</summary>
    /// <remarks><paramref name="environment"/>: settings beside the defaults (PostgreSQL, a cluster's Redis and address).</remarks>
    public static async Task<ServerProcess> StartAsync(
        string executable, string? dataRoot, IEnumerable<(string Email, string Name, string Role)> staff, string password, IReadOnlyDictionary<string, string>? environment = null, int? port = null)
    {
        var server = new ServerProcess(executable, dataRoot, environment);
        try
        {
            foreach (var (email, name, role) in staff)
            {
                await server.RunCliAsync(["admin", "create-user", "--email", email, "--name", name, "--role", role, "--password-stdin"], password);
            }

            await server.ServeAsync(port ?? FreePort());
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident memory (VmRSS in /proc/PID/status), in KiB.</summary>
    public long ResidentKilobytes() => Status("VmRSS:");

    /// <summary>The server's thread count: a growing thread pool means its threads are blocked.</summary>
    public int Threads() => (int)Status("Threads:");

    private long Status(string field)
    {
        var line = File.ReadLines($"/proc/{ProcessId}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
    }

    /// <summary>User plus system CPU time so far: .NET reads utime + stime from /proc/PID/stat.</summary>
    public TimeSpan CpuTime()
    {
        serve!.Refresh();
        return serve.TotalProcessorTime;
    }

    private async Task RunCliAsync(string[] args, string input)
    {
        using var process = Process.Start(StartInfo(args))!;
        await process.StandardInput.WriteLineAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rapport {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    private async Task ServeAsync(int port)
    {
        serve = Process.Start(StartInfo(["serve", "--port", port.ToString()]))!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Read everything the server writes, or a full pipe would stall it; keep the tail for errors.
        void Keep(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("Rapport is serving on", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }

            lock (lastLines)
            {
                // The console logger's simple format: "HH:mm:ss fail: Category[id] message", the exception on the next line.
                if (e.Data.Contains(" fail: ", StringComparison.Ordinal) || e.Data.Contains(" crit: ", StringComparison.Ordinal))
                {
                    errorsLogged++;
                    firstError ??= e.Data;
                }
                else if (firstError is { } first && !first.Contains('\n', StringComparison.Ordinal))
                {
                    firstError = $"{first}\n    {e.Data.Trim()}";
                }

                lastLines.Enqueue(e.Data);
                if (lastLines.Count > 20)
                {
                    lastLines.Dequeue();
                }
            }
        }

        serve.OutputDataReceived += Keep;
        serve.ErrorDataReceived += Keep;
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        serve.StandardInput.Close();
        var exited = serve.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(90))) != ready.Task)
        {
            throw new InvalidOperationException($"rapport serve did not start:{Environment.NewLine}{LastLines}");
        }

        Address = new Uri($"http://127.0.0.1:{port}");
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A setting for the server alone, to compare it without changing the generator's:
        // RAPPORT_BENCH_SERVER_DOTNET_gcConcurrent=0 gives the server DOTNET_gcConcurrent=0, and
        // RAPPORT_BENCH_SERVER_RAPPORT_X=1 gives it RAPPORT_X=1. Read before the RAPPORT_ settings go.
        const string ServerOnly = "RAPPORT_BENCH_SERVER_";
        var serverOnly = info.Environment
            .Where(e => e.Key.StartsWith(ServerOnly, StringComparison.Ordinal))
            .Select(e => (Name: e.Key[ServerOnly.Length..], e.Value))
            .ToList();

        // Default settings apart from the data folder: nothing from this shell's RAPPORT_ settings leaks in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("RAPPORT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["RAPPORT_DATA"] = dataDirectory;
        // The sandbox off: nothing here runs code, and its warm-up at start (prestarted sandboxes, a
        // C# compiler server) would otherwise take CPU from the first rooms.
        info.Environment["RAPPORT_Sandbox__Enabled"] = "false";
        foreach (var (name, value) in serverOnly)
        {
            info.Environment[name] = value;
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (serve is not null)
        {
            if (!serve.HasExited)
            {
                serve.Kill(entireProcessTree: true);
            }

            await serve.WaitForExitAsync();
            serve.Dispose();
        }

        Directory.Delete(dataDirectory, recursive: true);
    }
}
