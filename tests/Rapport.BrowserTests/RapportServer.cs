using System.Diagnostics;
using System.Text;

namespace Rapport.BrowserTests;

/// <summary>
/// The real <c>rapport serve</c> on a free loopback port, with its own data folder and one admin
/// created through the command line. Shared by the tests of a class; each test makes its own data.
/// </summary>
public sealed class RapportServer : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "a browser-lane passphrase";

    private readonly string data = Directory.CreateTempSubdirectory("rapport-browser-").FullName;
    private readonly StringBuilder log = new();
    private readonly IReadOnlyDictionary<string, string> environment;
    private Process? server;
    private int port;

    public RapportServer()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A server with settings of its own, as environment variables (<c>RAPPORT_Mail__SmtpHost</c>).</summary>
    internal RapportServer(IReadOnlyDictionary<string, string> environment) => this.environment = environment;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The starter bank of the repository, which every server of the lane serves.</summary>
    public static string BankFolder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Rapport.slnx")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory!.FullName, "bank");
        }
    }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        using (var create = Process.Start(StartInfo("admin", "create-user", "--email", AdminEmail, "--name", "Avery Admin", "--role", "admin", "--password-stdin"))!)
        {
            await create.StandardInput.WriteLineAsync(AdminPassword);
            create.StandardInput.Close();
            var error = await create.StandardError.ReadToEndAsync();
            await create.WaitForExitAsync();
            Assert.True(create.ExitCode == 0, error);
        }

        using (var import = Process.Start(StartInfo("bank", "import", BankFolder))!)
        {
            var error = await import.StandardError.ReadToEndAsync();
            await import.WaitForExitAsync();
            Assert.True(import.ExitCode == 0, error);
        }

        port = Rapport.Tests.Infrastructure.LoopbackPort.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        await StartAsync();
    }

    /// <summary>Kills the server process outright (SIGKILL), as a crash would: nothing gets to shut down cleanly.</summary>
    public async Task KillAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        server?.Dispose();
        server = null;
    }

    /// <summary>Starts the server again on the same port and data folder, as an operator would after a crash.</summary>
    public Task RestartAsync() => StartAsync();

    public async Task DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(data, recursive: true);
    }

    private async Task StartAsync()
    {
        server = Process.Start(StartInfo("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        var ready = new TaskCompletionSource();
        server.OutputDataReceived += (_, e) => Record(e.Data, ready);
        server.ErrorDataReceived += (_, e) => Record(e.Data, ready);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private void Record(string? line, TaskCompletionSource ready)
    {
        lock (log)
        {
            log.AppendLine(line);
        }

        if (line?.StartsWith("Rapport is serving on", StringComparison.Ordinal) == true)
        {
            ready.TrySetResult();
        }
    }

    private ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "rapport"))
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

        info.Environment["RAPPORT_DATA"] = data;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
