using System.Globalization;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// One run's cgroup: created with its limits, read for CPU time, peak memory and the kernel's
/// OOM-kill and pids-limit records, and at the end emptied (every process killed) and removed.
/// On v1 it is one directory per controller; on v2 one directory.
/// </summary>
internal sealed class RunCgroup : IDisposable
{
    private const long CpuPeriodMicroseconds = 100_000;

    private readonly CgroupVersion version;
    private readonly IReadOnlyDictionary<string, string> directories;

    public RunCgroup(CgroupVersion version, IReadOnlyDictionary<string, string> directories)
    {
        this.version = version;
        this.directories = directories;
    }

    /// <summary>Writing "0" into each of these moves the writing process into the run cgroup.</summary>
    public IReadOnlyList<string> ProcsFiles => [.. directories.Values.Select(d => Path.Join(d, "cgroup.procs"))];

    private string Memory => directories[version == CgroupVersion.V1 ? "memory" : "unified"];

    private string Pids => directories[version == CgroupVersion.V1 ? "pids" : "unified"];

    private string Cpu => directories[version == CgroupVersion.V1 ? "cpu" : "unified"];

    private string CpuAccounting => directories[version == CgroupVersion.V1 ? "cpuacct" : "unified"];

    public void CreateAndLimit(CgroupLimits limits)
    {
        foreach (var directory in directories.Values)
        {
            Directory.CreateDirectory(directory);
        }

        Limit(limits);
    }

    /// <summary>Sets (or changes) the limits; a prestarted sandbox gets its run's limits just before the program starts.</summary>
    public void Limit(CgroupLimits limits)
    {
        var memory = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
        var quota = ((long)Math.Round(limits.Cores * CpuPeriodMicroseconds)).ToString(CultureInfo.InvariantCulture);
        Write(Pids, "pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));
        if (version == CgroupVersion.V1)
        {
            // memsw (memory + swap) may never be below memory, and equal means no swap at all:
            // so raise memsw first, or lower memory first.
            var raising = ReadNumber(Memory, "memory.limit_in_bytes") is not { } current || limits.MemoryBytes > current;
            if (raising)
            {
                WriteIfPresent(Memory, "memory.memsw.limit_in_bytes", memory);
            }

            Write(Memory, "memory.limit_in_bytes", memory);
            if (!raising)
            {
                WriteIfPresent(Memory, "memory.memsw.limit_in_bytes", memory);
            }

            Write(Cpu, "cpu.cfs_period_us", CpuPeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
            Write(Cpu, "cpu.cfs_quota_us", quota);
        }
        else
        {
            Write(Memory, "memory.max", memory);
            WriteIfPresent(Memory, "memory.swap.max", "0");
            Write(Cpu, "cpu.max", $"{quota} {CpuPeriodMicroseconds}");
        }
    }

    /// <summary>CPU time of every process that ever ran in this cgroup.</summary>
    public TimeSpan CpuUsage()
    {
        if (version == CgroupVersion.V1)
        {
            var nanoseconds = long.Parse(File.ReadAllText(Path.Join(CpuAccounting, "cpuacct.usage")).Trim(), CultureInfo.InvariantCulture);
            return TimeSpan.FromTicks(nanoseconds / 100);
        }

        return TimeSpan.FromMicroseconds(ReadKey(CpuAccounting, "cpu.stat", "usage_usec") ?? 0);
    }

    public long? PeakMemoryBytes() => version == CgroupVersion.V1
        ? ReadNumber(Memory, "memory.max_usage_in_bytes")
        : ReadNumber(Memory, "memory.peak");  // Linux 5.19+

    /// <summary>How many processes the kernel's OOM killer killed in this cgroup: the memory verdict's evidence.</summary>
    public long OomKills() => (version == CgroupVersion.V1
        ? ReadKey(Memory, "memory.oom_control", "oom_kill")
        : ReadKey(Memory, "memory.events", "oom_kill")) ?? 0;

    /// <summary>How often a fork or clone failed because pids.max was reached.</summary>
    public long ProcessLimitHits() => ReadKey(Pids, "pids.events", "max") ?? 0;

    public bool IsEmpty() => directories.Values.All(d =>
        !File.Exists(Path.Join(d, "cgroup.procs")) || File.ReadAllText(Path.Join(d, "cgroup.procs")).Trim().Length == 0);

    /// <summary>
    /// Kills everything in the cgroup: SIGKILL to each member (through a pidfd, so a recycled pid
    /// is never hit), repeated until it is empty (the pids limit bounds how many a fork loop can
    /// make in between); cgroup.kill where the kernel has it. <paramref name="parentPid"/>, the
    /// host's own child (bubblewrap), is spared for a moment so it reaps the sandbox's PID 1
    /// itself rather than leaving it to the host's init.
    /// </summary>
    public void KillAll(int? parentPid = null)
    {
        if (parentPid is { } spared)
        {
            for (var round = 0; round < 20 && Members().Any(pid => pid != spared); round++)
            {
                KillMembers(except: spared);
                Thread.Sleep(1);
            }

            for (var wait = 0; wait < 50 && Members().Contains(spared); wait++)
            {
                Thread.Sleep(2);
            }
        }

        var kill = Path.Join(Pids, "cgroup.kill");
        for (var round = 0; round < 200 && !IsEmpty(); round++)
        {
            if (File.Exists(kill))
            {
                File.WriteAllText(kill, "1");
            }
            else
            {
                KillMembers(except: null);
            }

            if (!IsEmpty())
            {
                Thread.Sleep(5);
            }
        }
    }

    private void KillMembers(int? except)
    {
        foreach (var pid in Members().Where(pid => pid != except))
        {
            Native.KillIfStillOurs(pid, IsMember);
        }
    }

    public void Dispose()
    {
        if (!directories.Values.Any(Directory.Exists))
        {
            return;
        }

        KillAll();
        foreach (var directory in directories.Values)
        {
            RemoveDirectory(directory);
        }
    }

    private IEnumerable<int> Members() => directories.Values
        .Select(d => Path.Join(d, "cgroup.procs"))
        .Where(File.Exists)
        .SelectMany(File.ReadAllLines)
        .Where(line => line.Length > 0)
        .Select(line => int.Parse(line, CultureInfo.InvariantCulture))
        .Distinct();

    private bool IsMember(int pid)
    {
        try
        {
            var procs = Path.Join(Pids, "cgroup.procs");
            return File.ReadAllLines(procs).Contains(pid.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void RemoveDirectory(string directory)
    {
        // A killed process leaves its cgroup only once reaped; give that a moment.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(10);
            }
        }
    }

    private static void Write(string directory, string file, string value) => File.WriteAllText(Path.Join(directory, file), value);

    private static void WriteIfPresent(string directory, string file, string value)
    {
        if (File.Exists(Path.Join(directory, file)))
        {
            Write(directory, file, value);
        }
    }

    private static long? ReadNumber(string directory, string file)
    {
        var path = Path.Join(directory, file);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Reads "key value" from flat-keyed files such as memory.events or cpu.stat.</summary>
    private static long? ReadKey(string directory, string file, string key)
    {
        var path = Path.Join(directory, file);
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }
}
