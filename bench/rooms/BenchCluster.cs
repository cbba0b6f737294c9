using System.Diagnostics;
using Npgsql;

namespace Rapport.Rooms.Bench;

/// <summary>
/// What <c>--postgres</c> and <c>--cluster</c> serve from: a fresh database on the given PostgreSQL
/// server, and for a cluster a Redis of its own, two nodes and HAProxy in front of them, started
/// with the shipped <c>docs/deploy/haproxy.cfg</c>, as docs/deploy.md describes.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly string admin;
    private readonly string database;
    private readonly List<Process> helpers = [];
    private readonly List<ServerProcess> nodes = [];

    private BenchCluster(string admin, string database) => (this.admin, this.database) = (admin, database);

    /// <summary>The node every candidate connects to, and so the one that holds every room.</summary>
    public ServerProcess First => nodes[0];

    /// <summary>The node every interviewer connects to (forwarded to the first); the first again on one node.</summary>
    public ServerProcess Second => nodes[^1];

    /// <summary>Where the staff sign in and plan: HAProxy, or the one node.</summary>
    public Uri Front { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<ServerProcess> Nodes => nodes;

    public static async Task<BenchCluster> StartAsync(string rapport, string? dataRoot, string adminConnection, bool twoNodes, string haproxyConfig)
    {
        var database = $"rapport_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(adminConnection))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var cluster = new BenchCluster(adminConnection, database);
        try
        {
            var storage = new Dictionary<string, string>
            {
                ["RAPPORT_Storage__Provider"] = "postgres",
                ["RAPPORT_Storage__ConnectionString"] = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ToString(),
            };
            if (!twoNodes)
            {
                cluster.nodes.Add(await ServerProcess.StartAsync(rapport, dataRoot, Planner.Staff, Planner.Password, storage));
                cluster.Front = cluster.First.Address;
                return cluster;
            }

            var redisPort = ServerProcess.FreePort();
            cluster.Start("redis-server", ["--port", $"{redisPort}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], []);
            var ports = new[] { ServerProcess.FreePort(), ServerProcess.FreePort() };
            for (var i = 0; i < 2; i++)
            {
                var settings = new Dictionary<string, string>(storage)
                {
                    ["RAPPORT_Redis__Connection"] = $"127.0.0.1:{redisPort}",
                    ["RAPPORT_Cluster__NodeUrl"] = $"http://127.0.0.1:{ports[i]}",
                };
                // The first node makes the staff (and the schema) before the second starts.
                cluster.nodes.Add(await ServerProcess.StartAsync(rapport, dataRoot, i == 0 ? Planner.Staff : [], Planner.Password, settings, ports[i]));
            }

            var front = ServerProcess.FreePort();
            cluster.Start("haproxy", ["-db", "-f", haproxyConfig], new()
            {
                ["RAPPORT_LB_BIND"] = $"127.0.0.1:{front}",
                ["RAPPORT_NODE1"] = $"127.0.0.1:{ports[0]}",
                ["RAPPORT_NODE2"] = $"127.0.0.1:{ports[1]}",
            });
            cluster.Front = new Uri($"http://127.0.0.1:{front}");
            using var http = new HttpClient();
            var deadline = Stopwatch.StartNew();
            while (!await HealthyAsync(http, cluster.Front))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException("HAProxy did not answer /healthz in 30 s.");
                }

                await Task.Delay(200);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>User plus system CPU time of every node.</summary>
    public TimeSpan CpuTime() => nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + n.CpuTime());

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var helper in helpers)
        {
            if (!helper.HasExited)
            {
                helper.Kill();
            }

            await helper.WaitForExitAsync();
            helper.Dispose();
        }

        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private void Start(string program, string[] args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start (Debian's {program} package).");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        helpers.Add(process);
    }

    private static async Task<bool> HealthyAsync(HttpClient http, Uri front)
    {
        try
        {
            return (await http.GetAsync(new Uri(front, "/healthz"))).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
