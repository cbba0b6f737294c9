using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.SignalR;
using Rapport.Rooms.Bench;

// Usage (build Release first, see bench/README.md):
//   dotnet artifacts/bin/Rapport.Rooms.Bench/release/Rapport.Rooms.Bench.dll --rooms 100,500,1000 --seconds 30
//     [--warmup 10] [--seed 1] [--data-root DIR] [--rapport artifacts/bin/Rapport/release/rapport] [--hold-idle SECONDS]
var options = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
var scales = (options.GetValueOrDefault("--rooms") ?? "100,500,1000").Split(',').Select(int.Parse).ToList();
var seconds = double.Parse(options.GetValueOrDefault("--seconds") ?? "30", CultureInfo.InvariantCulture);
var warmup = double.Parse(options.GetValueOrDefault("--warmup") ?? "10", CultureInfo.InvariantCulture);
// A browser's room page holds two connections: the room hub (agenda, hints, notes) and the pad.
// Where the server's data folder (its SQLite database) goes: the system's temporary folder unless told.
var dataRoot = options.GetValueOrDefault("--data-root");
var seed = int.Parse(options.GetValueOrDefault("--seed") ?? "1", CultureInfo.InvariantCulture);
// Seconds to keep the rooms idle after the idle reading, for a look at the server from outside (dotnet-gcdump, perf).
var holdIdle = double.Parse(options.GetValueOrDefault("--hold-idle") ?? "0", CultureInfo.InvariantCulture);
// Rooms opened, typed in and closed before the measured ones (see WarmUpAsync).
const int WarmUpRooms = 32;
// A PostgreSQL server (an admin connection string) to serve from instead of SQLite; with --cluster yes,
// two nodes behind HAProxy on it and a Redis, the candidate on the first node and the interviewer on the second.
var postgres = options.GetValueOrDefault("--postgres");
var twoNodes = options.GetValueOrDefault("--cluster") is "yes";
if (twoNodes && postgres is null)
{
    Console.Error.WriteLine("--cluster yes needs --postgres CONNECTION-STRING (an admin's, on a server the nodes share).");
    return 1;
}

var rapport = Path.GetFullPath(options.GetValueOrDefault("--rapport") ?? Path.Combine(RepositoryRoot(), "artifacts/bin/Rapport/release/rapport"));
if (!File.Exists(rapport))
{
    Console.Error.WriteLine($"No server at {rapport}: build it first (dotnet build bench/rooms -c Release builds it too) or pass --rapport PATH.");
    return 1;
}

Console.WriteLine($"# Rapport rooms benchmark: {Environment.ProcessorCount} cores shared by the server and this generator, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine($"#   data folder under {dataRoot ?? Path.GetTempPath()} ({FileSystemOf(dataRoot ?? Path.GetTempPath())})");
Console.WriteLine($"#   server {rapport}; {seconds} s measured after {warmup} s of warm-up typing; seed {seed}; one room connection per client; open files limit {OpenFilesLimit()}");
var results = new List<ScaleResult>();
foreach (var rooms in scales)
{
    try
    {
        results.Add(await RunScaleAsync(rooms));
    }
    catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or TimeoutException or AggregateException)
    {
        Console.WriteLine($"# {rooms} rooms failed: {e.GetType().Name}: {e.Message}");
    }
}

Stats.Print(results);
return 0;

async Task<ScaleResult> RunScaleAsync(int rooms)
{
    var load = LoadAverage();
    Console.WriteLine($"# {rooms} rooms: load average {load}; starting a fresh server");
    await using var cluster = postgres is null ? null : await BenchCluster.StartAsync(rapport, dataRoot, postgres, twoNodes, Path.Combine(RepositoryRoot(), "docs/deploy/haproxy.cfg"));
    await using var single = cluster is null ? await ServerProcess.StartAsync(rapport, dataRoot, Planner.Staff, Planner.Password) : null;
    // Memory and threads are the first node's (which holds every room); CPU is every node's.
    var server = cluster?.First ?? single!;
    TimeSpan ServerCpu() => cluster?.CpuTime() ?? server.CpuTime();
    var front = cluster?.Front ?? server.Address;
    var panelServer = cluster?.Second.Address ?? server.Address;
    Console.WriteLine($"#   {(cluster is null ? "one node on SQLite" : twoNodes ? "two nodes on PostgreSQL behind HAProxy: candidates on the first, interviewers on the second" : "one node on PostgreSQL")}");
    var clock = Stopwatch.StartNew();
    var (admin, _) = await Planner.SignInAsync(front, Planner.AdminEmail);
    var (interviewer, interviewerCookies) = await Planner.SignInAsync(front, Planner.InterviewerEmail);
    List<PlannedRoom> planned;
    using (admin)
    using (interviewer)
    {
        // More than measured: the first few are warm-up rooms, below.
        planned = await Planner.PlanAsync(admin, rooms + WarmUpRooms, concurrency: 4);
    }

    var setupSeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"#   planned {rooms} interviews (and {WarmUpRooms} to warm up) in {setupSeconds:0.0} s");
    await Task.WhenAll(planned[..WarmUpRooms].Select(room => WarmUpAsync(room, front, panelServer, interviewerCookies)));
    planned = planned[WarmUpRooms..];
    var (rssBefore, _) = await SettledAsync(server);

    // Each room: the candidate by link, the interviewer by cookie, each with the room hub and the pad.
    clock.Restart();
    var measurement = new Measurement();
    var pairs = new (TypingClient Candidate, TypingClient Interviewer)?[rooms];
    var openFailures = 0;
    string? openProblem = null;
    using var opening = new SemaphoreSlim(16);
    await Task.WhenAll(planned.Select(async (room, i) =>
    {
        await opening.WaitAsync();
        try
        {
            var candidate = await TypingClient.OpenAsync(server.Address, room, null, measurement, new Random(seed + (2 * i)), CancellationToken.None);
            try
            {
                var panel = await TypingClient.OpenAsync(panelServer, room, interviewerCookies, measurement, new Random(seed + (2 * i) + 1), CancellationToken.None);
                (candidate.Peer, panel.Peer) = (panel, candidate);
                pairs[i] = (candidate, panel);
            }
            catch
            {
                await candidate.DisposeAsync();
                throw;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or TimeoutException or OperationCanceledException or WebSocketException or HubException)
        {
            Interlocked.Increment(ref openFailures);
            openProblem = $"opening a room: {e.GetType().Name}: {e.Message}";
        }
        finally
        {
            opening.Release();
        }
    }));
    var open = pairs.OfType<(TypingClient Candidate, TypingClient Interviewer)>().ToList();
    var clients = open.SelectMany(p => new[] { p.Candidate, p.Interviewer }).ToList();
    var openSeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"#   opened {open.Count} rooms ({clients.Count} hub connections) in {openSeconds:0.0} s; {openFailures} failed{(openProblem is null ? "" : $" ({openProblem})")}");
    var (rssIdle, idleCpuPercent) = await SettledAsync(server);
    var threadsIdle = server.Threads();
    if (holdIdle > 0)
    {
        Console.WriteLine($"#   holding {open.Count} idle rooms for {holdIdle} s: server pid {server.ProcessId}");
        await Task.Delay(TimeSpan.FromSeconds(holdIdle));
    }

    try
    {
        using var stop = new CancellationTokenSource();
        var typing = clients.Select(c => c.TypeAsync(stop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(warmup));

        var generator = Process.GetCurrentProcess();
        var (serverCpu, generatorCpu) = (ServerCpu(), generator.TotalProcessorTime);
        clock.Restart();
        measurement.Open();
        var (rssPeak, threadsPeak) = (server.ResidentKilobytes(), server.Threads());
        while (clock.Elapsed.TotalSeconds < seconds && !server.HasExited)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, seconds - clock.Elapsed.TotalSeconds)));
            (rssPeak, threadsPeak) = (Math.Max(rssPeak, server.ResidentKilobytes()), Math.Max(threadsPeak, server.Threads()));
        }

        measurement.Close();
        var window = clock.Elapsed.TotalSeconds;
        generator.Refresh();
        var serverPercent = (ServerCpu() - serverCpu).TotalSeconds / window * 100;
        var generatorPercent = (generator.TotalProcessorTime - generatorCpu).TotalSeconds / window * 100;
        var loadAfter = LoadAverage();
        await stop.CancelAsync();
        await Task.WhenAll(typing);

        // Typing has stopped: every room should settle on one text. A room that lost a connection
        // never will (there is no reconnect), so the wait is for the others.
        clock.Restart();
        var converged = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(60)
            && (converged = open.Count(p => p.Candidate.AgreesWithPeer())) < open.Count(p => p.Candidate.IsConnected && p.Interviewer.IsConnected))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var latencies = clients.SelectMany(c => c.LatenciesMs).Order().ToList();
        var tallies = clients.Select(c => c.Tally).ToList();
        Console.WriteLine($"#   measured {latencies.Count:N0} edits; pads hold {open.Average(p => p.Candidate.DocumentLength()):0} characters on average; load average after {loadAfter}");
        var (errors, firstError) = server.ErrorsLogged;
        Console.WriteLine($"#   the server logged {errors} errors{(firstError is null ? "" : $", the first: {firstError[..Math.Min(firstError.Length, 400)]}")}");
        return new ScaleResult(
            rooms, open.Count, setupSeconds, openSeconds, window,
            clients.Sum(c => c.CharactersPerSecond), tallies.Sum(t => t.Typed) / window, latencies,
            serverPercent, generatorPercent, idleCpuPercent, rssBefore, rssIdle, rssPeak, threadsIdle, threadsPeak, converged,
            tallies.Sum(t => t.Pushes), tallies.Sum(t => t.Refused), tallies.Sum(t => t.Gaps), tallies.Sum(t => t.Failures), tallies.Sum(t => t.Disconnects),
            $"{load} → {loadAfter}",
            tallies.LastOrDefault(t => t.LastProblem is not null)?.LastProblem ?? openProblem ?? (server.HasExited ? $"the server exited: {server.LastLines}" : null),
            clients.SelectMany(c => c.RefusalReasons()).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value)));
    }
    finally
    {
        using var closing = new SemaphoreSlim(32);
        await Task.WhenAll(clients.Select(async c =>
        {
            await closing.WaitAsync();
            try
            {
                await c.DisposeAsync();
            }
            finally
            {
                closing.Release();
            }
        }));
    }
}

// A room opened, typed in for 3 s and closed, WarmUpRooms of them at once, before the "before"
// reading: the server's one-off cost of its first rooms (the hub's code compiled and recompiled
// once called 30 times, pools and caches filled: 20-25 MiB) would otherwise be counted against
// every room, and would swamp the figure per room at 100 rooms.
static async Task WarmUpAsync(PlannedRoom room, Uri front, Uri panelServer, System.Net.CookieContainer interviewerCookies)
{
    var measurement = new Measurement();
    await using var candidate = await TypingClient.OpenAsync(front, room, null, measurement, new Random(0), CancellationToken.None);
    await using var interviewer = await TypingClient.OpenAsync(panelServer, room, interviewerCookies, measurement, new Random(1), CancellationToken.None);
    (candidate.Peer, interviewer.Peer) = (interviewer, candidate);
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
    await Task.WhenAll(candidate.TypeAsync(stop.Token), interviewer.TypeAsync(stop.Token));
}

// Resident memory: the median of three readings a second apart, after a few quiet seconds; and
// the server's CPU over those quiet seconds (% of one core).
static async Task<(long Rss, double CpuPercent)> SettledAsync(ServerProcess server)
{
    var (cpu, clock) = (server.CpuTime(), Stopwatch.StartNew());
    await Task.Delay(TimeSpan.FromSeconds(3));
    var readings = new List<long>();
    for (var i = 0; i < 3; i++)
    {
        readings.Add(server.ResidentKilobytes());
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    return (Stats.Median(readings), (server.CpuTime() - cpu).TotalSeconds / clock.Elapsed.TotalSeconds * 100);
}

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static string OpenFilesLimit() =>
    File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] ?? "unknown";

// The file system type of the mount holding a path (tmpfs makes the database's fsync free).
static string FileSystemOf(string path)
{
    var full = Path.GetFullPath(path);
    return File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 2 && full.StartsWith(f[1], StringComparison.Ordinal))
        .MaxBy(f => f[1].Length)?[2] ?? "unknown";
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Rapport.slnx")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
