using Rapport.Sandbox.Isolation;
using static Rapport.Sandbox.Tests.Verdicts;

namespace Rapport.Sandbox.Tests;

/// <summary>
/// A run in a sandbox set up in advance and a run in one set up on demand: the same isolation
/// and the same limits. PID 1's own environment tells them apart: a prestarted sandbox's init
/// starts with nothing but PWD and learns the program's variables later.
/// </summary>
[Collection(RealSandbox.Name)]
public sealed class PrestartedSandboxTests(SandboxFixture fixture)
{
    private const string Probe = """
        import os
        status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)
        pid_one = sorted(e.split(b"=")[0].decode() for e in open("/proc/1/environ", "rb").read().split(b"\0") if e)
        print(os.getuid(), status["CapEff"].strip(), status["Seccomp"].strip(), status["NoNewPrivs"].strip())
        print(pid_one)
        print(sorted(os.listdir("/proc/self/fd")), os.path.exists("/etc/shadow"))
        """;

    [Theory]
    [InlineData(1, "['PWD']")]
    [InlineData(0, "['HOME', 'LANG', 'LC_ALL', 'MKL_NUM_THREADS', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH', 'PWD', 'TMPDIR']")]
    public async Task PrestartedOrNot_TheRunIsIsolatedTheSameWay(int prestarted, string pidOneEnvironment)
    {
        await using var sandbox = await SandboxWithAsync(prestarted);

        var result = await sandbox.RunAsync(new RunRequest { Language = "python", Source = Probe }, null, CancellationToken.None);

        AssertVerdict(Verdict.Ok, result);
        var lines = result.Stdout.Split('\n');
        var identity = lines[0].Split(' ');
        Assert.InRange(int.Parse(identity[0], System.Globalization.CultureInfo.InvariantCulture), fixture.Options.FirstUid, fixture.Options.FirstUid + fixture.Options.UidCount - 1);
        Assert.Equal(["0000000000000000", "2", "1"], identity[1..]);
        Assert.Equal(pidOneEnvironment, lines[1]);
        Assert.Equal("['0', '1', '2', '3'] False", lines[2]);
    }

    [Fact]
    public async Task Prestarted_GetsTheRunsOwnLimits_NotTheOnesItWasStartedWith()
    {
        await using var sandbox = await SandboxWithAsync(2);
        var limits = new RunLimits { CpuTime = TimeSpan.FromSeconds(0.5), WallTime = TimeSpan.FromSeconds(3), MemoryBytes = 48 * RunLimits.MiB, OpenFiles = 20 };

        var hog = await sandbox.RunAsync(new RunRequest { Language = "python", Source = "data = b'x' * (200 << 20)\n", Limits = limits }, null, CancellationToken.None);
        await WaitForPrestartedAsync(2);
        var loop = await sandbox.RunAsync(new RunRequest { Language = "python", Source = "import resource\nprint(resource.getrlimit(resource.RLIMIT_NOFILE))\nwhile True:\n    pass\n", Limits = limits }, null, CancellationToken.None);

        AssertVerdict(Verdict.MemoryLimit, hog);
        AssertVerdict(Verdict.CpuTimeLimit, loop);
        Assert.Equal("(20, 20)\n", loop.Stdout);
        // Only this run's CPU counts, not the sandbox's setup before it, and the run's own limit for
        // all its processes stopped it, not the per-process backstop a second above (2 s of CPU here).
        // The supervisor reads the cgroup every 10 ms, but on a loaded machine a reading can come
        // late (1.2 s was seen in CI), so the bound is the backstop, not the limit plus a poll.
        Assert.InRange(loop.CpuTime, limits.CpuTime, TimeSpan.FromSeconds(1.9));
    }

    /// <summary>A sandbox of its own; with prestarting on, once its sandboxes are ready.</summary>
    private async Task<BubblewrapSandbox> SandboxWithAsync(int prestarted)
    {
        var sandbox = BubblewrapSandbox.Create(fixture.Options with { PrestartedSandboxes = prestarted }, TimeProvider.System);
        await WaitForPrestartedAsync(prestarted);
        return sandbox;
    }

    private async Task WaitForPrestartedAsync(int atLeast)
    {
        var parent = CgroupLayout.DetectFromProc(fixture.Options.CgroupName).Parents.Values.First();
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var waiting = Directory.Exists(parent)
                ? Directory.EnumerateDirectories(parent).Count(d => Path.GetFileName(d).StartsWith("warm-", StringComparison.Ordinal))
                : 0;
            if (waiting >= atLeast + fixture.Options.PrestartedSandboxes)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("the prestarted sandboxes never became ready");
    }
}
