namespace Rapport.Sandbox.Tests;

/// <summary>
/// One real sandbox for every containment test: real bubblewrap, cgroups, seccomp and uids on
/// this machine. Nothing about isolation is mocked.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public BubblewrapSandbox Sandbox { get; private set; } = null!;

    public SandboxOptions Options { get; } = new()
    {
        WorkDirectory = Path.Combine(Path.GetTempPath(), $"rapport-sandbox-tests-{Environment.ProcessId}"),
        // Warm compiles take milliseconds; a short timeout keeps the compile-bomb test quick.
        CSharpCompileTimeout = TimeSpan.FromSeconds(3),
    };

    /// <summary>Set in the test host's environment; no sandboxed program may ever see it.</summary>
    public string EnvironmentCanary { get; } = "rapport-canary-" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("RAPPORT_TEST_SECRET", EnvironmentCanary);
        Sandbox = BubblewrapSandbox.Create(Options, TimeProvider.System);
        Assert.True(Sandbox.IsAvailable, Sandbox.UnavailableReason);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        if (Directory.Exists(Options.WorkDirectory))
        {
            Directory.Delete(Options.WorkDirectory, recursive: true);
        }
    }

    /// <summary>
    /// After a run: no live process of a pool uid (at once: the run's step kills them before it
    /// returns), then, once the background teardown of used sandboxes is done, no run directory,
    /// status file or run cgroup left. Allowed: the compiler worker (its own uid, status file and
    /// cgroup), and at most <see cref="SandboxOptions.PrestartedSandboxes"/> sandboxes set up and
    /// waiting for a run.
    /// </summary>
    private static string Describe(int pid)
    {
        try
        {
            return $"{HostProcesses.Status(pid, "Name")}, {HostProcesses.Status(pid, "State")}, {HostProcesses.Cgroups(pid).Replace('\n', ' ')}";
        }
        catch (IOException)
        {
            return "gone";
        }
    }

    /// <summary>
    /// A prestarted sandbox's process: bubblewrap or the gate's shell (or setpriv on the way
    /// there), either in a waiting sandbox's cgroup or in none of the sandbox's cgroups yet (being
    /// set up). A run's processes always sit in a sandbox cgroup they cannot leave.
    /// </summary>
    private bool PrestartedProcess(int pid, IReadOnlyList<string?> warm)
    {
        try
        {
            var cgroups = HostProcesses.Cgroups(pid);
            var placed = cgroups.Contains($"/{Options.CgroupName}/", StringComparison.Ordinal);
            return HostProcesses.Status(pid, "Name") is "bwrap" or "sh" or "setpriv"
                && (!placed || warm.Any(name => cgroups.Contains($"/{name}", StringComparison.Ordinal)));
        }
        catch (IOException)
        {
            return true;  // it ended while we looked
        }
    }

    public async Task AssertHostUnchangedAsync()
    {
        var parents = Isolation.CgroupLayout.DetectFromProc(Options.CgroupName).Parents.Values.Where(Directory.Exists).ToList();
        // Only this process's cgroups (kind-PID-N): another suite or server on the machine has its own.
        bool Ours(string? name) => Isolation.CgroupLayout.OwnerPid(name!) == Environment.ProcessId;
        var warm = parents.SelectMany(Directory.EnumerateDirectories).Select(Path.GetFileName).Where(Ours).Where(name => name!.StartsWith("warm-", StringComparison.Ordinal)).ToList();
        // Whatever a run started is gone already: what is left is prestarted sandboxes, waiting or being set up.
        Assert.All(HostProcesses.OwnedByUids(Options.FirstUid, Options.UidCount), pid =>
            Assert.True(PrestartedProcess(pid, warm), $"process {pid} of a pool uid is still alive and is not a prestarted sandbox: {Describe(pid)}"));

        await Sandbox.TeardownsFinishedAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var cgroups = parents.Where(Directory.Exists).SelectMany(Directory.EnumerateDirectories).Select(Path.GetFileName).Where(Ours).Distinct().ToList();
        Assert.DoesNotContain(cgroups, name => !name!.StartsWith("csc-", StringComparison.Ordinal) && !name.StartsWith("warm-", StringComparison.Ordinal));
        var waiting = cgroups.Where(name => name!.StartsWith("warm-", StringComparison.Ordinal)).ToList();
        Assert.InRange(waiting.Count, 0, Options.PrestartedSandboxes);

        Assert.All(HostProcesses.OwnedByUids(Options.FirstUid, Options.UidCount), pid =>
            Assert.True(PrestartedProcess(pid, waiting), $"process {pid} of a pool uid is still alive and is not a prestarted sandbox: {Describe(pid)}"));

        var entries = Directory.EnumerateFileSystemEntries(Options.WorkDirectory).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(entries, name =>
            name != "seccomp.bpf" && !name!.StartsWith("status-csc-", StringComparison.Ordinal)
            && !name.StartsWith("status-warm-", StringComparison.Ordinal) && !name.StartsWith("warmbox-", StringComparison.Ordinal));
        Assert.InRange(entries.Count(name => name!.StartsWith("warmbox-", StringComparison.Ordinal)), 0, Options.PrestartedSandboxes);
    }

    public Task<RunResult> RunAsync(string language, string source, string stdin = "", RunLimits? limits = null, IReadOnlyList<TestCase>? tests = null) =>
        Sandbox.RunAsync(new RunRequest { Language = language, Source = source, Stdin = stdin, Limits = limits, Tests = tests ?? [] }, null, CancellationToken.None);
}

[CollectionDefinition(Name)]
public sealed class RealSandbox : ICollectionFixture<SandboxFixture>
{
    /// <summary>Runs in this collection share one sandbox and run one at a time, so CPU and wall timings stay meaningful on two cores.</summary>
    public const string Name = "Real sandbox";
}
