using System.Diagnostics;

namespace Rapport.Sandbox.Bench;

internal sealed class Benchmarks(BubblewrapSandbox sandbox, BareRunner bare, int runs)
{
    /// <summary>Bare and sandboxed runs interleaved (alternating which goes first), so drift hits both alike.</summary>
    public async Task CompareAsync(string what, string language, string source)
    {
        await SandboxedAsync(language, source);  // warm caches, the C# worker and the version probe
        await bare.RunAsync(language, source);

        var bareTimes = new List<double>();
        var sandboxTimes = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            if (i % 2 == 0)
            {
                bareTimes.Add(await bare.RunAsync(language, source));
                sandboxTimes.Add(await SandboxedAsync(language, source));
            }
            else
            {
                sandboxTimes.Add(await SandboxedAsync(language, source));
                bareTimes.Add(await bare.RunAsync(language, source));
            }
        }

        var b = Median(bareTimes);
        var s = Median(sandboxTimes);
        Console.WriteLine($"| {what} | {b:0.0} ms | {s:0.0} ms | {s / b:0.00}x |");
    }

    /// <summary>CPU time per run (this process and all it starts), bare and sandboxed, one at a time.</summary>
    public async Task CpuPerRunAsync(CpuAccount account, string what, string language, string source)
    {
        await SandboxedAsync(language, source);
        await bare.RunAsync(language, source);
        var before = account.Used();
        for (var i = 0; i < runs; i++)
        {
            await bare.RunAsync(language, source);
        }

        var bareCpu = (account.Used() - before).TotalMilliseconds / runs;
        before = account.Used();
        for (var i = 0; i < runs; i++)
        {
            await SandboxedAsync(language, source);
        }

        // Let the background teardown of the last sandboxes finish inside the window.
        await sandbox.TeardownsFinishedAsync();
        var sandboxCpu = (account.Used() - before).TotalMilliseconds / runs;
        Console.WriteLine($"| {what} | {bareCpu:0.0} ms | {sandboxCpu:0.0} ms | {sandboxCpu / bareCpu:0.00}x |");
    }

    public async Task<double> ThroughputAsync(int concurrency, int total)
    {
        var remaining = total;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await SandboxedAsync("python", "print(1)");
            }
        }));
        return total / clock.Elapsed.TotalSeconds;
    }

    private async Task<double> SandboxedAsync(string language, string source)
    {
        var clock = Stopwatch.StartNew();
        var result = await sandbox.RunAsync(new RunRequest { Language = language, Source = source }, null, CancellationToken.None);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return result.Verdict == Verdict.Ok
            ? elapsed
            : throw new InvalidOperationException($"{language} did not run: {result.Verdict} {result.Message} {result.Stderr} {result.OperatorDetail}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
