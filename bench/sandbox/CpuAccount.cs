using System.Globalization;

namespace Rapport.Sandbox.Bench;

/// <summary>
/// CPU time of this process and everything it starts, sandboxes included: the benchmark moves
/// itself into a cgroup of its own, whose CPU accounting is hierarchical. What it misses is
/// kernel work done later in worker threads (a network namespace's teardown, for one).
/// </summary>
internal sealed class CpuAccount : IDisposable
{
    private readonly string usageFile;
    private readonly bool microseconds;
    private readonly string directory;

    private CpuAccount(string directory, string usageFile, bool microseconds)
    {
        this.directory = directory;
        this.usageFile = usageFile;
        this.microseconds = microseconds;
    }

    /// <summary>Moves the process into a fresh accounting cgroup; must happen before the sandbox is created (it nests its cgroups below the process's).</summary>
    public static CpuAccount? Enter()
    {
        var name = $"rapport-bench-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        var (root, usage, micro) = Directory.Exists("/sys/fs/cgroup/cpuacct")
            ? ("/sys/fs/cgroup/cpuacct", "cpuacct.usage", false)
            : File.Exists("/sys/fs/cgroup/cgroup.controllers") ? ("/sys/fs/cgroup", "cpu.stat", true) : (null, "", false);
        if (root is null)
        {
            return null;
        }

        var directory = Path.Join(root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Join(directory, "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new CpuAccount(directory, Path.Join(directory, usage), micro);
    }

    public TimeSpan Used()
    {
        var text = File.ReadAllText(usageFile);
        if (!microseconds)
        {
            return TimeSpan.FromTicks(long.Parse(text.Trim(), CultureInfo.InvariantCulture) / 100);
        }

        var line = text.Split('\n').First(l => l.StartsWith("usage_usec ", StringComparison.Ordinal));
        return TimeSpan.FromMicroseconds(long.Parse(line["usage_usec ".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>Back to the parent cgroup, then the empty accounting cgroup is removed.</summary>
    public void Dispose()
    {
        var parent = Path.GetDirectoryName(directory)!;
        File.WriteAllText(Path.Join(parent, "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Sandboxes still being removed; the next run of the benchmark may remove it.
        }
    }
}
