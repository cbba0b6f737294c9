using System.Diagnostics;
using System.Text.Json;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// Runs one sandboxed command to its end under its limits, and makes sure nothing it started
/// is left afterwards: the run's cgroup is emptied and removed whatever happened.
/// </summary>
internal sealed class StepRunner(SandboxHost host, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    public async Task<StepOutcome> RunAsync(
        SandboxCommand command,
        StepLimits limits,
        int uid,
        byte[] stdin,
        IProgress<OutputChunk>? progress,
        CancellationToken cancellationToken)
    {
        var name = SandboxHost.NextName("run");
        var statusFile = Path.Join(host.WorkDirectory, $"status-{name}.json");
        using var cgroup = host.Cgroups.Create(name, new CgroupLimits(limits.MemoryBytes, limits.MaxProcesses, limits.Cores));
        try
        {
            var started = time.GetTimestamp();
            using var process = await ProcessStarter.StartAsync(host.Bubblewrap.StartInfo(command, limits, uid, cgroup, statusFile));
            return await FinishAsync(process, cgroup, statusFile, limits, stdin, started, TimeSpan.Zero, progress, cancellationToken);
        }
        finally
        {
            File.Delete(statusFile);
        }
    }

    /// <summary>
    /// Runs the command in a sandbox that was set up in advance: the run's cgroup limits are
    /// applied, then the gate gets its header and the program its stdin. The clock and the CPU
    /// count start here, not when the sandbox was prepared.
    /// </summary>
    public async Task<StepOutcome> RunPrestartedAsync(
        PrestartedSandbox sandbox,
        SandboxCommand command,
        StepLimits limits,
        byte[] stdin,
        IProgress<OutputChunk>? progress,
        CancellationToken cancellationToken)
    {
        sandbox.Cgroup.Limit(new CgroupLimits(limits.MemoryBytes, limits.MaxProcesses, limits.Cores));
        var cpuBefore = sandbox.Cgroup.CpuUsage();
        var started = time.GetTimestamp();
        var input = Bubblewrap.GateHeader(command, limits).Concat(stdin).ToArray();
        return await FinishAsync(sandbox.Process, sandbox.Cgroup, sandbox.StatusFile, limits, input, started, cpuBefore, progress, cancellationToken);
    }

    private async Task<StepOutcome> FinishAsync(
        Process process,
        RunCgroup cgroup,
        string statusFile,
        StepLimits limits,
        byte[] input,
        long started,
        TimeSpan cpuBefore,
        IProgress<OutputChunk>? progress,
        CancellationToken cancellationToken)
    {
        var stdout = new CappedOutput(process.StandardOutput.BaseStream, limits.OutputBytes, OutputChannel.Stdout, progress);
        var stderr = new CappedOutput(process.StandardError.BaseStream, limits.OutputBytes, OutputChannel.Stderr, progress);
        var feeding = FeedAsync(process.StandardInput.BaseStream, input);

        var recent = new RecentProcessorUse(WallClockStop.Window(limits.WallTime ?? TimeSpan.FromSeconds(2)));
        var reason = await SuperviseAsync(process.WaitForExitAsync(CancellationToken.None), process.Id, cgroup, cpuBefore, limits, stdout, stderr, started, recent, cancellationToken);
        var wall = time.GetElapsedTime(started);
        var (recentSpan, recentCpu) = recent.Stretch;

        // Whatever is still in the cgroup (daemons, children, a killed program's tree) goes now.
        cgroup.KillAll(parentPid: process.Id);
        await process.WaitForExitAsync(CancellationToken.None);
        await Task.WhenAny(Task.WhenAll(stdout.Completion, stderr.Completion, feeding), Task.Delay(DrainGrace, time, CancellationToken.None));

        var status = ReadStatus(statusFile);
        var exitCode = status.ExitCode;
        return new StepOutcome
        {
            Started = status.Started,
            ExitCode = exitCode is > 128 and <= 128 + 64 ? null : exitCode,
            Signal = exitCode is > 128 and <= 128 + 64 ? exitCode - 128 : null,
            StopReason = reason,
            CpuTime = cgroup.CpuUsage() - cpuBefore,
            WallTime = wall,
            RecentSpan = recentSpan,
            RecentCpuTime = recentCpu,
            PeakMemoryBytes = cgroup.PeakMemoryBytes(),
            OomKills = cgroup.OomKills(),
            ProcessLimitHits = cgroup.ProcessLimitHits(),
            Stdout = stdout.Text(),
            Stderr = status.Started ? stderr.Text() : "",
            OutputTruncated = stdout.Overflowed || stderr.Overflowed,
            SetupError = status.Started ? null : $"exit {process.ExitCode}: {stderr.Text().Trim()}",
            HostExitCode = process.ExitCode,
        };
    }

    private async Task<StopReason> SuperviseAsync(
        Task exited,
        int processId,
        RunCgroup cgroup,
        TimeSpan cpuBefore,
        StepLimits limits,
        CappedOutput stdout,
        CappedOutput stderr,
        long started,
        RecentProcessorUse recent,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.WhenAny(exited, Task.Delay(PollInterval, time, cancellationToken));
            if (exited.IsCompleted)
            {
                return StopReason.None;
            }

            // One reading of the cgroup's CPU count per poll serves the CPU limit and the record of the
            // last stretch, by which a wall-clock stop is judged (WallClockStop).
            var used = limits.CpuTime is not null || limits.WallTime is not null ? cgroup.CpuUsage() - cpuBefore : TimeSpan.Zero;
            var elapsed = time.GetElapsedTime(started);
            recent.Add(elapsed, used);
            var reason =
                cancellationToken.IsCancellationRequested ? StopReason.Cancelled
                : stdout.Overflowed || stderr.Overflowed ? StopReason.OutputLimit
                : limits.CpuTime is { } cpu && used >= cpu ? StopReason.CpuLimit
                : limits.WallTime is { } wall && elapsed >= wall ? StopReason.WallLimit
                : StopReason.None;
            if (reason != StopReason.None)
            {
                cgroup.KillAll(parentPid: processId);
                return reason;
            }
        }
    }

    private static async Task FeedAsync(Stream input, byte[] stdin)
    {
        try
        {
            if (stdin.Length > 0)
            {
                await input.WriteAsync(stdin);
            }

            await input.DisposeAsync();
        }
        catch (IOException)
        {
            // The program exited (or closed stdin) without reading all of it: that is its business.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private sealed record LaunchStatus(bool Started, int? ExitCode);

    /// <summary>bwrap's --json-status-fd: {"child-pid": N} once the sandbox is up, then {"exit-code": N}.</summary>
    private static LaunchStatus ReadStatus(string statusFile)
    {
        if (!File.Exists(statusFile))
        {
            return new LaunchStatus(false, null);
        }

        var started = false;
        int? exitCode = null;
        var reader = new Utf8JsonReader(File.ReadAllBytes(statusFile), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var property = reader.GetString();
            reader.Read();
            if (property == "child-pid")
            {
                started = true;
            }
            else if (property == "exit-code" && reader.TokenType == JsonTokenType.Number)
            {
                exitCode = reader.GetInt32();
            }
        }

        return new LaunchStatus(started, exitCode);
    }
}
