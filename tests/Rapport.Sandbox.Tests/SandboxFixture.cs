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
    /// After a run: no live process of a pool uid, no run directory, status file or run cgroup
    /// left. Allowed: the compiler worker (its own uid, status file and cgroup), and at most
    /// <see cref="SandboxOptions.PrestartedSandboxes"/> sandboxes set up and waiting for a run.
    /// </summary>
    public void AssertHostUnchanged()
    {
        var parents = Isolation.CgroupLayout.DetectFromProc(Options.CgroupName).Parents.Values.Where(Directory.Exists).ToList();
        var cgroups = parents.SelectMany(Directory.EnumerateDirectories).Select(Path.GetFileName).Distinct().ToList();
        Assert.DoesNotContain(cgroups, name => !name!.StartsWith("csc-", StringComparison.Ordinal) && !name.StartsWith("warm-", StringComparison.Ordinal));
        var waiting = cgroups.Where(name => name!.StartsWith("warm-", StringComparison.Ordinal)).ToList();
        Assert.InRange(waiting.Count, 0, Options.PrestartedSandboxes);

        Assert.All(HostProcesses.OwnedByUids(Options.FirstUid, Options.UidCount), pid =>
            Assert.Contains(waiting, name => HostProcesses.Cgroups(pid).Contains($"/{name}", StringComparison.Ordinal)));

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
