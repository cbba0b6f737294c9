namespace Rapport.Sandbox.Isolation;

internal enum CgroupVersion
{
    V1,
    V2,
}

/// <summary>
/// Where this machine's cgroups are and how to make per-run ones: cgroup v1 (or hybrid, as on
/// this project's reference VM) with separate memory, pids, cpu and cpuacct hierarchies, or the
/// unified v2 hierarchy. Detected at start from /proc/self/mountinfo and /proc/self/cgroup.
/// Run cgroups live below a child of the process's own cgroup, so whatever limits the host
/// itself has also bound the code it runs.
/// </summary>
internal sealed class CgroupLayout
{
    public static readonly string[] V1Controllers = ["memory", "pids", "cpu", "cpuacct"];
    public static readonly string[] V2Controllers = ["memory", "pids", "cpu"];

    private CgroupLayout(CgroupVersion version, IReadOnlyDictionary<string, string> parents, string name, string? unifiedMountPoint = null)
    {
        Version = version;
        Parents = parents;
        Name = name;
        UnifiedMountPoint = unifiedMountPoint;
    }

    private string? UnifiedMountPoint { get; }

    public CgroupVersion Version { get; }

    /// <summary>v1: controller to the parent directory of our run cgroups; v2: one entry, "unified".</summary>
    public IReadOnlyDictionary<string, string> Parents { get; }

    public string Name { get; }

    public string Describe() => Version == CgroupVersion.V1
        ? $"cgroup v1 ({string.Join(", ", Parents.Select(p => $"{p.Key} at {p.Value}"))})"
        : $"cgroup v2 at {Parents["unified"]}";

    public static CgroupLayout DetectFromProc(string name) =>
        Detect(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"), name);

    /// <summary>Throws <see cref="SandboxSetupException"/> with the fix when no usable layout exists.</summary>
    public static CgroupLayout Detect(string mountInfo, string selfCgroup, string name)
    {
        var mounts = ParseMounts(mountInfo);
        var membership = ParseMembership(selfCgroup);

        var v1 = new Dictionary<string, string>();
        foreach (var controller in V1Controllers)
        {
            var mount = mounts.FirstOrDefault(m => m.FileSystem == "cgroup" && m.Options.Contains(controller));
            if (mount is not null && membership.TryGetValue(controller, out var own))
            {
                v1[controller] = Path.Join(mount.MountPoint, Relative(own, mount.Root), name);
            }
        }

        if (v1.Count == V1Controllers.Length)
        {
            return new CgroupLayout(CgroupVersion.V1, v1, name);
        }

        var unified = mounts.FirstOrDefault(m => m.FileSystem == "cgroup2");
        if (unified is not null && membership.TryGetValue("", out var ownUnified))
        {
            var controllersFile = Path.Join(unified.MountPoint, "cgroup.controllers");
            var available = File.Exists(controllersFile)
                ? File.ReadAllText(controllersFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            var missing = V2Controllers.Except(available).ToList();
            if (missing.Count == 0)
            {
                return new CgroupLayout(CgroupVersion.V2, new Dictionary<string, string>
                {
                    ["unified"] = Path.Join(unified.MountPoint, Relative(ownUnified, unified.Root), name),
                }, name, unified.MountPoint);
            }

            if (v1.Count == 0)
            {
                throw new SandboxSetupException(
                    $"The cgroup v2 hierarchy at {unified.MountPoint} lacks the {string.Join(", ", missing)} controller(s).",
                    $"Enable them: echo '+{string.Join(" +", missing)}' > {unified.MountPoint}/cgroup.subtree_control (or boot with systemd.unified_cgroup_hierarchy=1).");
            }
        }

        var absent = V1Controllers.Except(v1.Keys).ToList();
        throw new SandboxSetupException(
            $"No usable cgroups: the {string.Join(", ", absent)} controller(s) are not mounted (v1) and no cgroup v2 hierarchy offers memory, pids and cpu.",
            string.Join("; ", absent.Select(c => $"mkdir -p /sys/fs/cgroup/{c} && mount -t cgroup -o {c} cgroup /sys/fs/cgroup/{c}")));
    }

    /// <summary>Creates the parent cgroup(s) and, on v2, enables the controllers for their children.</summary>
    public void EnsureParents()
    {
        foreach (var directory in Parents.Values)
        {
            Directory.CreateDirectory(directory);
        }

        if (Version == CgroupVersion.V2)
        {
            var parent = Parents["unified"];
            var own = Path.GetDirectoryName(parent)!;
            EnableV2Controllers(own, isHierarchyRoot: own == UnifiedMountPoint);
            EnableV2Controllers(parent, isHierarchyRoot: false);
        }
    }

    public RunCgroup Create(string runName, CgroupLimits limits)
    {
        if (!Parents.Values.All(Directory.Exists))
        {
            EnsureParents();  // another process's last sandbox removed it
        }

        var cgroup = new RunCgroup(Version, Parents.ToDictionary(p => p.Key, p => Path.Join(p.Value, runName)));
        try
        {
            cgroup.CreateAndLimit(limits);
            return cgroup;
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }
    }

    /// <summary>Removes run cgroups left behind by a host process that no longer exists.</summary>
    public void SweepStale()
    {
        var stale = Parents.Values
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(Path.GetFileName)
            .Distinct()
            .Where(child => OwnerPid(child!) is { } pid && pid != Environment.ProcessId && !Native.IsAlive(pid));
        foreach (var child in stale)
        {
            new RunCgroup(Version, Parents.ToDictionary(p => p.Key, p => Path.Join(p.Value, child))).Dispose();
        }
    }

    /// <summary>Run cgroups are named kind-PID-N after the host process that made them.</summary>
    public static int? OwnerPid(string runName)
    {
        var parts = runName.Split('-');
        return parts.Length == 3 && int.TryParse(parts[1], out var pid) ? pid : null;
    }

    /// <summary>
    /// cgroup v2 lets a cgroup hand controllers to its children only while it has no processes
    /// of its own (the root excepted). When this process sits in such a cgroup (a systemd service
    /// with Delegate=yes), it moves itself into a leaf first, as systemd documents for delegation.
    /// </summary>
    private static void EnableV2Controllers(string directory, bool isHierarchyRoot)
    {
        var subtree = Path.Join(directory, "cgroup.subtree_control");
        var enabled = File.ReadAllText(subtree).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var missing = V2Controllers.Except(enabled).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var procs = Path.Join(directory, "cgroup.procs");
        var members = File.Exists(procs) ? File.ReadAllLines(procs).Where(l => l.Length > 0).ToList() : [];
        if (members.Count > 0 && !isHierarchyRoot)
        {
            var leaf = Path.Join(directory, "rapport-supervisor");
            Directory.CreateDirectory(leaf);
            foreach (var pid in members)
            {
                File.WriteAllText(Path.Join(leaf, "cgroup.procs"), pid);
            }
        }

        File.WriteAllText(subtree, string.Join(' ', missing.Select(c => "+" + c)));
    }

    private static string Relative(string own, string mountRoot) =>
        mountRoot == "/" || !own.StartsWith(mountRoot, StringComparison.Ordinal)
            ? own.TrimStart('/')
            : own[mountRoot.Length..].TrimStart('/');

    private sealed record Mount(string Root, string MountPoint, string FileSystem, string[] Options);

    private static List<Mount> ParseMounts(string mountInfo)
    {
        var mounts = new List<Mount>();
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // 35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            var halves = line.Split(" - ", 2);
            if (halves.Length != 2)
            {
                continue;
            }

            var left = halves[0].Split(' ');
            var right = halves[1].Split(' ');
            if (left.Length < 5 || right.Length < 3)
            {
                continue;
            }

            mounts.Add(new Mount(Unescape(left[3]), Unescape(left[4]), right[0], right[2].Split(',')));
        }

        return mounts;
    }

    /// <summary>"4:memory:/a/b" lines; a co-mounted "cpu,cpuacct" counts for both; v2 is the "" key.</summary>
    private static Dictionary<string, string> ParseMembership(string selfCgroup)
    {
        var membership = new Dictionary<string, string>();
        foreach (var line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            foreach (var controller in parts[1].Split(','))
            {
                membership[controller] = parts[2];
            }
        }

        return membership;
    }

    private static string Unescape(string field) => field.Replace("\\040", " ", StringComparison.Ordinal);
}

/// <summary>The cgroup side of a run's limits.</summary>
internal sealed record CgroupLimits(long MemoryBytes, int MaxProcesses, double Cores);
