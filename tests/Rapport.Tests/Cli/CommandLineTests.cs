using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    [Theory]
    [InlineData("--bogus")]
    [InlineData("serve --port 99999")]
    [InlineData("serve --port eighty")]
    [InlineData("admin create-user --email a@example.com --name A --role overlord")]
    [InlineData("admin create-user --name Missing Email")]
    [InlineData("admin create-user --email nope --name Nope")]
    [InlineData("serve --urls https://127.0.0.1:5443")]
    [InlineData("serve --urls not-a-url")]
    [InlineData("serve --bogus")]
    [InlineData("serve --Sandbox:Enabled")]
    public async Task BadCommandLine_GetsOneClearLineAndExitCode2(string commandLine)
    {
        var result = await rapport.RunAsync(commandLine.Split(' '));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rapport: ", line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task SettingOnTheServeCommandLine_ReachesTheServer_AndABadOneIsNamed()
    {
        var result = await rapport.RunAsync(["serve", "--port", LoopbackPort.Free().ToString(), "--Sandbox:Workers=0"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("rapport: Sandbox:Workers: 0 workers: use 1 to 256", result.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownStorageProvider_NamesTheSettingAndTheChoices()
    {
        var result = await rapport.RunAsync(["migrate"], new Dictionary<string, string> { ["RAPPORT_Storage__Provider"] = "mysql" });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("rapport: Storage:Provider: 'mysql' is not a storage provider; use 'sqlite' (the default, an embedded file) or 'postgres'.", result.Error.Trim());
    }

    [Fact]
    public async Task UnreachableDatabase_NamesTheConnectionStringSetting()
    {
        var result = await rapport.RunAsync(["migrate"], new Dictionary<string, string>
        {
            ["RAPPORT_Storage__Provider"] = "postgres",
            ["RAPPORT_Storage__ConnectionString"] = $"Host=127.0.0.1;Port={LoopbackPort.Free()};Database=rapport;Username=rapport;Timeout=5",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("rapport: Storage:ConnectionString: cannot open the database", result.Error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_SaysWhatIsMissingAndHowToFixIt_UntilNothingIs()
    {
        var fresh = await rapport.RunAsync(["doctor"]);
        Assert.Equal(1, fresh.ExitCode);
        Assert.Contains($"FAIL schema: there is no database at {rapport.DataDirectory}/rapport.db yet", fresh.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(rapport.DataDirectory, "rapport.db")), "the doctor must not create the database");
        Assert.Contains("fix: rapport migrate", fresh.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);
        var noAdmin = await rapport.RunAsync(["doctor"]);
        Assert.Equal(1, noAdmin.ExitCode);
        Assert.Contains("FAIL accounts: no admin can sign in yet", noAdmin.Output, StringComparison.Ordinal);

        var created = await rapport.RunAsync(
            ["admin", "create-user", "--email", "owner@example.com", "--name", "Owner", "--role", "admin", "--password-stdin"],
            input: "a long enough passphrase");
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Created owner@example.com (admin).", created.Output, StringComparison.Ordinal);

        var healthy = await rapport.RunAsync(["doctor"]);
        Assert.Equal(0, healthy.ExitCode);
        Assert.DoesNotContain("FAIL", healthy.Output, StringComparison.Ordinal);
        Assert.Contains("Everything Rapport needs is in place.", healthy.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_WithoutPassword_PrintsAOneTimeLink_AndRefusesADuplicate()
    {
        string[] create = ["admin", "create-user", "--email", "ada@example.com", "--name", "Ada", "--role", "interviewer"];

        var first = await rapport.RunAsync(create);
        Assert.Equal(0, first.ExitCode);
        Assert.Matches(@"One-time sign-in link \(valid 3 days\): http://127\.0\.0\.1:5080/account/welcome\?user=[^&]+&token=\S+", first.Output);

        var second = await rapport.RunAsync(create);
        Assert.Equal(1, second.ExitCode);
        Assert.Equal("rapport: --email: A user with the email ada@example.com already exists.", second.Error.Trim());
    }

    [Fact]
    public async Task CreateUser_WithAShortPassword_SaysTheRuleAndCreatesNoOne()
    {
        var result = await rapport.RunAsync(
            ["admin", "create-user", "--email", "short@example.com", "--name", "Short", "--password-stdin"], input: "short");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("rapport: --password: Passwords must be at least 12 characters.", result.Error.Trim());
        var again = await rapport.RunAsync(["admin", "create-user", "--email", "short@example.com", "--name", "Short", "--password-stdin"], input: "now long enough, really");
        Assert.Equal(0, again.ExitCode);
    }

    [Fact]
    public async Task CreateUser_WithPasswordStdinButNothingOnIt_IsAUsageError()
    {
        var result = await rapport.RunAsync(["admin", "create-user", "--email", "quiet@example.com", "--name", "Quiet", "--password-stdin"], input: "");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("rapport: --password-stdin: standard input was empty", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInLink_GivesAnExistingAccountANewLink_AndNamesAnUnknownEmail()
    {
        Assert.Equal(0, (await rapport.RunAsync(["admin", "create-user", "--email", "lapsed@example.com", "--name", "Lapsed"])).ExitCode);

        var link = await rapport.RunAsync(["admin", "sign-in-link", "--email", "lapsed@example.com"]);
        Assert.Equal(0, link.ExitCode);
        Assert.Contains("/account/welcome?user=", link.Output, StringComparison.Ordinal);

        var unknown = await rapport.RunAsync(["admin", "sign-in-link", "--email", "nobody@example.com"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("rapport: --email: no account has the email nobody@example.com; create one with 'rapport admin create-user'.", unknown.Error.Trim());
    }

    [Fact]
    public async Task WithMigrateOnStartOff_MigrateStillMigrates_AndServeRefusesAnOldSchema()
    {
        var off = new Dictionary<string, string> { ["RAPPORT_Storage__MigrateOnStart"] = "false" };

        var serve = await rapport.RunAsync(["serve", "--port", LoopbackPort.Free().ToString()], off);
        Assert.Equal(1, serve.ExitCode);
        Assert.Matches(@"rapport: Storage:MigrateOnStart: is false and the database lacks \d+ migration\(s\)", serve.Error);
        Assert.Contains("run 'rapport migrate' first", serve.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await rapport.RunAsync(["migrate"], off)).ExitCode);
        Assert.DoesNotContain("FAIL schema", (await rapport.RunAsync(["doctor"], off)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnwritableDataDirectory_IsNamed()
    {
        var result = await rapport.RunAsync(["migrate"], new Dictionary<string, string> { ["RAPPORT_DATA"] = "/proc/rapport-cannot-write-here" });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("rapport: RAPPORT_DATA: the data directory '/proc/rapport-cannot-write-here' is not writable", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnAPortInUse_NamesTheSettingAndExits1()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var result = await rapport.RunAsync(["serve", "--port", port.ToString()]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"rapport: urls: Failed to bind to address http://127.0.0.1:{port}: address already in use", result.Error, StringComparison.Ordinal);
        Assert.Contains("--port N", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_FirstStart_PrintsTheAdminLinkServesAndStopsCleanlyOnCtrlC()
    {
        var port = LoopbackPort.Free();
        using var process = Process.Start(rapport.StartInfo(["serve", "--port", port.ToString()]))!;
        var output = new System.Text.StringBuilder();
        var serving = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("Rapport is serving on", StringComparison.Ordinal) == true)
            {
                serving.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await serving.Task.WaitAsync(TimeSpan.FromSeconds(60));

        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        lock (output)
        {
            Assert.Matches($@"http://127\.0\.0\.1:{port}/account/welcome\?user=", output.ToString());
        }

        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString()]))
        {
            await interrupt.WaitForExitAsync();
        }

        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        var stopped = process.HasExited;
        if (!stopped)
        {
            process.Kill(entireProcessTree: true);
        }

        lock (output)
        {
            Assert.True(stopped && process.ExitCode == 0, $"{(stopped ? $"exit {process.ExitCode}" : "still running 30 s after Ctrl+C")}; it wrote:\n{output}");
        }
    }
}
