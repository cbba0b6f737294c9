using System.Diagnostics;
using System.Globalization;
using Rapport.Features.Runs;
using Rapport.Sandbox;

// Usage (as root): start a worker, then compare.
//   RAPPORT_Sandbox__WorkerSecret=$SECRET artifacts/bin/Rapport/release/rapport sandbox serve --port 5090 &
//   dotnet artifacts/bin/Rapport.Workers.Bench/release/Rapport.Workers.Bench.dll --worker http://127.0.0.1:5090 --secret $SECRET [--runs 50]
// Each round runs the same program once on the machine's own sandbox (as 'rapport serve' does)
// and once through the worker (as a web node with Sandbox:WorkersFile does), alternating which
// goes first; press to verdict, as the room's caller sees it. Medians.
string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
var worker = Arg("--worker", "");
var secret = Arg("--secret", "");
var runs = int.Parse(Arg("--runs", "50"), CultureInfo.InvariantCulture);
if (worker.Length == 0 || secret.Length == 0)
{
    Console.Error.WriteLine("Give --worker URL and --secret SECRET of a running 'rapport sandbox serve'.");
    return 2;
}

var file = Path.Combine(Directory.CreateTempSubdirectory("rapport-workers-bench-").FullName, "workers");
await File.WriteAllTextAsync(file, worker + "\n");
// The local sandbox on its own uids, apart from the worker's (which uses the defaults).
var local = new SandboxRuntime(new SandboxSettings { Workers = 2, FirstUid = 61000, UidCount = 8, CompilerUid = 60999 }.Validated(), TimeProvider.System);
var remote = new SandboxRuntime(new SandboxSettings { WorkersFile = file, WorkerSecret = secret }.Validated(), TimeProvider.System);
foreach (var (name, runtime) in new[] { ("local", local), ("worker", remote) })
{
    var availability = await runtime.AvailabilityAsync(CancellationToken.None);
    if (!availability.Available)
    {
        Console.Error.WriteLine($"The {name} sandbox cannot run code: {availability.OperatorDetail}");
        return 1;
    }
}

Console.WriteLine($"# Sandbox workers benchmark: {Environment.ProcessorCount} cores, {runs} rounds each, load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine();
Console.WriteLine("| program | own sandbox, median | through the worker, median | difference | ratio |");
Console.WriteLine("|---|---:|---:|---:|---:|");
await CompareAsync("Python `print(1)`", "python", "print(1)");
await CompareAsync("Python, 2,000 lines of output", "python", "for i in range(2000):\n    print(i)");
await CompareAsync("C++ hello: compile + run", "cpp", "#include <cstdio>\nint main() { std::puts(\"1\"); }");
Console.WriteLine();
Console.WriteLine($"# load average at end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
await local.DisposeAsync();
await remote.DisposeAsync();
return 0;

async Task CompareAsync(string what, string language, string source)
{
    var request = new RunRequest { Language = language, Source = source };
    var own = new List<double>();
    var through = new List<double>();
    await TimeAsync(local, request);
    await TimeAsync(remote, request);
    for (var round = 0; round < runs; round++)
    {
        // Alternate which goes first, so drift on the machine hits both alike.
        if (round % 2 == 0)
        {
            own.Add(await TimeAsync(local, request));
            through.Add(await TimeAsync(remote, request));
        }
        else
        {
            through.Add(await TimeAsync(remote, request));
            own.Add(await TimeAsync(local, request));
        }
    }

    var (a, b) = (Median(own), Median(through));
    Console.WriteLine($"| {what} | {a:0.0} ms | {b:0.0} ms | {b - a:+0.0;-0.0} ms | {b / a:0.00}x |");
}

static async Task<double> TimeAsync(SandboxRuntime runtime, RunRequest request)
{
    var started = Stopwatch.GetTimestamp();
    var result = await runtime.Jobs.RunAsync(request, new Progress<OutputChunk>(_ => { }), CancellationToken.None);
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    return result.Verdict == Verdict.Ok ? elapsed : throw new InvalidOperationException($"{result.Verdict}: {result.Message} {result.OperatorDetail}");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
