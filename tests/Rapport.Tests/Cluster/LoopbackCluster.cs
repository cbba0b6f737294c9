using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Cluster;

/// <summary>
/// A real cluster on loopback, as docs/deploy.md describes one (ADR 16): a fresh PostgreSQL
/// database on script/test's server, a Redis of its own, two <c>rapport serve</c> processes, and
/// HAProxy in front of them started with the shipped <c>docs/deploy/haproxy.cfg</c>. Nodes can be
/// killed (SIGKILL), stopped (SIGTERM) and started again on the same port. With a sandbox worker
/// (ADR 17), the nodes run as nobody and send their runs to it, and the bank has the small kit.
/// </summary>
public sealed partial class LoopbackCluster : IAsyncDisposable
{
    public const string CoordinatorEmail = "cora@example.com";

    private readonly string database;
    private readonly string adminConnection;
    private readonly RedisServer redis;
    private readonly Node[] nodes;
    private readonly SandboxWorkerProcess? worker;
    private Process? haproxy;

    private LoopbackCluster(string adminConnection, string database, RedisServer redis, Node[] nodes, SandboxWorkerProcess? worker)
    {
        this.worker = worker;
        this.adminConnection = adminConnection;
        this.database = database;
        Database = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ToString();
        this.redis = redis;
        this.nodes = nodes;
        Balancer = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
    }

    /// <summary>The cluster's database, for a test to look into.</summary>
    public string Database { get; }

    /// <summary>HAProxy's address: where people go.</summary>
    public Uri Balancer { get; }

    public Uri NodeUrl(int node) => nodes[node].Url;

    /// <summary>The sandbox worker, when the cluster was started with one.</summary>
    public SandboxWorkerProcess Worker => worker ?? throw new InvalidOperationException("This cluster was started without a sandbox worker.");

    /// <summary>
    /// The rapport executable of the release the rolling-upgrade test starts from, which script/test
    /// builds (tests/upgrade-from); null when the tests run some other way.
    /// </summary>
    public static string? OlderBuild => Environment.GetEnvironmentVariable("RAPPORT_TEST_OLDER_BUILD") is { Length: > 0 } path ? path : null;

    /// <param name="withSandboxWorker">Nodes that run as nobody and send runs to a sandbox worker.</param>
    /// <param name="executable">The rapport the nodes run at first (another release's, for a rolling upgrade); this build's by default.</param>
    public static async Task<LoopbackCluster> StartAsync(bool withSandboxWorker = false, string? executable = null)
    {
        var admin = TestStorage.PostgresAdminConnectionString
            ?? throw new InvalidOperationException($"{TestStorage.PostgresVariable} is not set; run the tests through script/test.");
        var database = $"rapport_cluster_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var redis = await RedisServer.StartAsync();
        // A small pool per node: several clusters run beside the other tests on one PostgreSQL.
        var storage = new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = 20 }.ToString();
        var worker = withSandboxWorker ? await SandboxWorkerProcess.StartAsync() : null;
        var workers = worker is null ? null : SandboxWorkerProcess.WorkersFile(worker.Url);
        var cluster = new LoopbackCluster(admin, database, redis, [new Node(storage, redis.Connection, workers), new Node(storage, redis.Connection, workers)], worker);
        foreach (var node in cluster.nodes)
        {
            node.Rapport.Program = executable ?? RapportProcess.Executable;
        }

        try
        {
            // One node's command brings the database to the schema first, so the two nodes never migrate at once.
            var created = await cluster.nodes[0].Rapport.RunAsync(
                ["admin", "create-user", "--email", CoordinatorEmail, "--name", "Cora Coordinator", "--role", "coordinator", "--password-stdin"],
                cluster.nodes[0].Environment,
                RapportTestApp.Password);
            Assert.True(created.ExitCode == 0, created.Error);
            if (worker is not null)
            {
                var folder = Directory.CreateTempSubdirectory("rapport-cluster-bank-");
                if (!OperatingSystem.IsWindows())
                {
                    folder.UnixFileMode |= UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
                }

                var bank = folder.FullName;
                Directory.CreateDirectory(Path.Combine(bank, "questions"));
                Directory.CreateDirectory(Path.Combine(bank, "kits"));
                await File.WriteAllTextAsync(Path.Combine(bank, "questions", "two-sum.md"), Questions.BankFiles.Question);
                await File.WriteAllTextAsync(Path.Combine(bank, "kits", "screen.yaml"), Questions.BankFiles.Kit);
                var imported = await cluster.nodes[0].Rapport.RunAsync(["bank", "import", bank], cluster.nodes[0].Environment);
                Assert.True(imported.ExitCode == 0, imported.Error + imported.Output);
                Directory.Delete(bank, recursive: true);
            }

            await Task.WhenAll(cluster.nodes.Select(n => n.StartAsync()));
            await cluster.StartBalancerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the node's process is gone at once, with whatever it held.</summary>
    public Task KillAsync(int node) => nodes[node].KillAsync();

    /// <summary>SIGTERM: the node stops as systemd stops it, letting go of its rooms.</summary>
    public Task StopAsync(int node) => nodes[node].StopAsync();

    /// <summary>Starts the node again on its port and data folder; with <paramref name="executable"/>, another build (a rolling upgrade).</summary>
    public Task StartAgainAsync(int node, string? executable = null)
    {
        if (executable is not null)
        {
            nodes[node].Rapport.Program = executable;
        }

        return nodes[node].StartAsync();
    }

    /// <summary><c>rapport</c> COMMAND as run on <paramref name="node"/>'s machine with its build and settings.</summary>
    public Task<ProcessResult> CommandAsync(int node, params string[] args) => nodes[node].Rapport.RunAsync(args, nodes[node].Environment);

    /// <summary><c>rapport doctor</c> as run on <paramref name="node"/>'s machine, with its settings.</summary>
    public async Task<string> DoctorAsync(int node) => (await nodes[node].Rapport.RunAsync(["doctor"], nodes[node].Environment)).Output;

    /// <summary>The coordinator signed in through HAProxy, and an interview they planned with themselves on the panel (from <paramref name="kit"/>, when given).</summary>
    public async Task<(Guid Interview, string CandidateToken, CookieContainer Cookies)> PlanAsync(string? kit = null)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Balancer };
        var signIn = await http.PostFormAsync("/account/login", "sign-in", new() { ["Input.Email"] = CoordinatorEmail, ["Input.Password"] = RapportTestApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var html = await http.GetStringAsync("/interviews/new");
        var coordinatorId = InterviewerOption().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No interviewer on the form.");
        var planned = await http.PostAsJsonAsync("/api/interviews", new CreateInterviewRequest(
            "Kim Candidate", "kim@example.org", "ML Engineer", TimeProvider.System.GetUtcNow().AddDays(1), 60, [coordinatorId], kit));
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        var interview = (await planned.Content.ReadFromJsonAsync<PlannedInterviewResponse>())!;
        return (interview.Interview.Id, InterviewWorld.TokenOf(interview.CandidateLink.Url), cookies);
    }

    /// <summary>A room connection to <paramref name="server"/> (HAProxy or a node) as the browser makes one: WebSockets, the address naming the interview.</summary>
    public static HubConnection RoomConnection(Uri server, Guid interviewId, string? token, CookieContainer? cookies) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, RoomAddress.For(interviewId)), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                if (cookies is not null)
                {
                    o.Cookies = cookies;
                }
            })
            .Build();

    public async ValueTask DisposeAsync()
    {
        if (haproxy is { HasExited: false })
        {
            haproxy.Kill();
            await haproxy.WaitForExitAsync();
        }

        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        await redis.DisposeAsync();
        if (worker is not null)
        {
            await worker.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(adminConnection);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task StartBalancerAsync()
    {
        var info = new ProcessStartInfo("haproxy") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-db", "-f", Path.Combine(AppContext.BaseDirectory, "deploy", "haproxy.cfg") })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["RAPPORT_LB_BIND"] = $"127.0.0.1:{Balancer.Port}";
        info.Environment["RAPPORT_NODE1"] = $"127.0.0.1:{nodes[0].Url.Port}";
        info.Environment["RAPPORT_NODE2"] = $"127.0.0.1:{nodes[1].Url.Port}";
        haproxy = Process.Start(info) ?? throw new InvalidOperationException("haproxy did not start; script/test installs it (Debian's haproxy).");
        haproxy.OutputDataReceived += (_, _) => { };
        haproxy.ErrorDataReceived += (_, _) => { };
        haproxy.BeginOutputReadLine();
        haproxy.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = Balancer };
        await Eventually.ReadAsync(
            async () =>
            {
                try
                {
                    return (await http.GetAsync("/healthz")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            },
            status => status == HttpStatusCode.OK,
            "answering /healthz through HAProxy");
    }

    [GeneratedRegex("name=\"interviewer\" value=\"([^\"]+)\"")]
    private static partial Regex InterviewerOption();

    /// <summary>One <c>rapport serve</c> of the cluster, with a data folder of its own.</summary>
    private sealed class Node : IAsyncDisposable
    {
        public Node(string storage, string redis, string? workersFile)
        {
            // A node whose runs go to a worker needs no root: it runs as nobody.
            Rapport = new RapportProcess { Unprivileged = workersFile is not null };
            var port = LoopbackPort.Free();
            Url = new Uri($"http://127.0.0.1:{port}");
            Environment = new Dictionary<string, string>
            {
                ["RAPPORT_Storage__Provider"] = "postgres",
                ["RAPPORT_Storage__ConnectionString"] = storage,
                ["RAPPORT_Redis__Connection"] = redis,
                ["RAPPORT_Cluster__NodeUrl"] = Url.ToString(),
            };
            if (workersFile is null)
            {
                // Nothing here runs code; the sandbox's warm-up would only slow the start.
                Environment["RAPPORT_Sandbox__Enabled"] = "false";
            }
            else
            {
                Environment["RAPPORT_Sandbox__WorkersFile"] = workersFile;
                Environment["RAPPORT_Sandbox__WorkerSecret"] = SandboxWorkerProcess.Secret;
            }
        }

        public RapportProcess Rapport { get; }

        public Uri Url { get; }

        public Dictionary<string, string> Environment { get; }

        public Task StartAsync() =>
            Rapport.ServeAsync(["serve", "--port", Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], Environment, "Rapport is serving on", $"The node on {Url}");

        public Task KillAsync() => Rapport.KillAsync();

        public Task StopAsync() => Rapport.StopAsync();

        public async ValueTask DisposeAsync()
        {
            await KillAsync();
            Rapport.Dispose();
        }
    }
}
