using System.Globalization;
using Rapport.Sandbox;
using Rapport.Sandbox.Bench;

// Usage: dotnet run -c Release --project bench/sandbox [-- --runs 50]   (as root)
// Usage: ... [--runs N] [--cpu-only]   (--cpu-only: just the CPU-per-run row, e.g. under perf record)
var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
var cpuOnly = args.Contains("--cpu-only");
using var account = CpuAccount.Enter();
var options = new SandboxOptions { WorkDirectory = Path.Combine(Path.GetTempPath(), $"rapport-sandbox-bench-{Environment.ProcessId}") };
var sandbox = BubblewrapSandbox.Create(options, TimeProvider.System);
if (!sandbox.IsAvailable)
{
    Console.Error.WriteLine($"The sandbox is unavailable here: {sandbox.UnavailableReason}");
    return 1;
}

Console.WriteLine($"# Rapport sandbox benchmark: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {runs} runs each, medians");
// Other work on the machine moves these figures a lot; say how busy it was.
Console.WriteLine($"#   load average at start: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
foreach (var language in await sandbox.GetLanguagesAsync(CancellationToken.None))
{
    Console.WriteLine($"#   {language.Id}: {language.Version}");
}

var scratch = Directory.CreateTempSubdirectory("rapport-bench-bare-").FullName;
try
{
    var bare = new BareRunner(scratch, options);
    var bench = new Benchmarks(sandbox, bare, runs);

    if (cpuOnly && account is not null)
    {
        await bench.CpuPerRunAsync(account, "Python `print(1)`", "python", "print(1)");
        return 0;
    }

    Console.WriteLine();
    Console.WriteLine("| what | bare median | sandboxed median | ratio |");
    Console.WriteLine("|---|---:|---:|---:|");
    await bench.CompareAsync("Python `print(1)`", "python", "print(1)");
    await using (var cold = BubblewrapSandbox.Create(options with { PrestartedSandboxes = 0 }, TimeProvider.System))
    {
        await new Benchmarks(cold, bare, runs).CompareAsync("Python `print(1)`, no prestarted sandboxes", "python", "print(1)");
    }

    await bench.CompareAsync("Python `import numpy`", "python", "import numpy\nprint(numpy.__version__)");
    await bench.CompareAsync("Node `console.log(1)`", "javascript", "console.log(1)");
    await bench.CompareAsync("C++ hello: compile + run", "cpp", "#include <cstdio>\nint main() { std::puts(\"1\"); }");
    await bench.CompareAsync("C# hello: compile (warm worker) + run", "csharp", "Console.WriteLine(1);");

    if (account is not null)
    {
        Console.WriteLine();
        Console.WriteLine("| CPU per run (process tree, one at a time) | bare | sandboxed | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        await bench.CpuPerRunAsync(account, "Python `print(1)`", "python", "print(1)");
    }

    Console.WriteLine();
    Console.WriteLine("| Python `print(1)` runs at once | runs/s |");
    Console.WriteLine("|---:|---:|");
    foreach (var concurrency in new[] { 1, 2, 4 })
    {
        Console.WriteLine($"| {concurrency} | {await bench.ThroughputAsync(concurrency, runs * 2):0.0} |");
    }
}
finally
{
    await sandbox.DisposeAsync();
    Directory.Delete(scratch, recursive: true);
    if (Directory.Exists(options.WorkDirectory))
    {
        Directory.Delete(options.WorkDirectory, recursive: true);
    }
}

Console.WriteLine($"#   load average at end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
return 0;
