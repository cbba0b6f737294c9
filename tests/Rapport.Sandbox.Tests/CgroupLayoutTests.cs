using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.Tests;

/// <summary>
/// Detection of v1, hybrid and v2 layouts from /proc/self/mountinfo and /proc/self/cgroup, and
/// the v2 file names against a stand-in directory. (This VM is v1/hybrid, so the real-sandbox
/// tests exercise v1 only; v2 is covered here, not by a real v2 kernel.)
/// </summary>
public sealed class CgroupLayoutTests : IDisposable
{
    private const string HybridMountInfo = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    private const string HybridSelf = """
        9:name=systemd:/
        8:pids:/
        4:memory:/process_api/ab01
        2:cpuacct:/
        1:cpu:/
        0::/
        """;

    private readonly string root = Directory.CreateTempSubdirectory("rapport-cgroup-test-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Hybrid_UsesTheV1Controllers_BelowTheProcesssOwnCgroups()
    {
        var layout = CgroupLayout.Detect(HybridMountInfo, HybridSelf, "rapport-sandbox");

        Assert.Equal(CgroupVersion.V1, layout.Version);
        Assert.Equal("/sys/fs/cgroup/memory/process_api/ab01/rapport-sandbox", layout.Parents["memory"]);
        Assert.Equal("/sys/fs/cgroup/pids/rapport-sandbox", layout.Parents["pids"]);
        Assert.Equal("/sys/fs/cgroup/cpu/rapport-sandbox", layout.Parents["cpu"]);
        Assert.Equal("/sys/fs/cgroup/cpuacct/rapport-sandbox", layout.Parents["cpuacct"]);
    }

    [Fact]
    public void CoMountedCpuAndCpuacct_ShareOneDirectory()
    {
        var layout = CgroupLayout.Detect(
            """
            30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
            31 25 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            32 25 0:28 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids
            """,
            "5:cpu,cpuacct:/system.slice/rapport.service\n3:memory:/system.slice/rapport.service\n2:pids:/system.slice/rapport.service\n",
            "rapport-sandbox");

        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct/system.slice/rapport.service/rapport-sandbox", layout.Parents["cpu"]);
        Assert.Equal(layout.Parents["cpu"], layout.Parents["cpuacct"]);
    }

    [Fact]
    public void UnifiedV2_WithTheControllers_IsV2_BelowTheOwnCgroup()
    {
        File.WriteAllText(Path.Join(root, "cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");

        var layout = CgroupLayout.Detect(
            $"29 23 0:26 / {root} rw,nosuid - cgroup2 cgroup2 rw,nsdelegate",
            "0::/system.slice/rapport.service\n",
            "rapport-sandbox");

        Assert.Equal(CgroupVersion.V2, layout.Version);
        Assert.Equal($"{root}/system.slice/rapport.service/rapport-sandbox", Assert.Single(layout.Parents).Value);
    }

    [Fact]
    public void ContainerWithItsOwnCgroupNamespace_ResolvesPathsAgainstTheMountRoot()
    {
        File.WriteAllText(Path.Join(root, "cgroup.controllers"), "cpu memory pids\n");

        var layout = CgroupLayout.Detect($"29 23 0:26 /docker/abc {root} rw - cgroup2 cgroup2 rw", "0::/docker/abc\n", "rapport-sandbox");

        Assert.Equal($"{root}/rapport-sandbox", layout.Parents["unified"]);
    }

    [Fact]
    public void V2WithoutTheControllers_NamesTheFix()
    {
        File.WriteAllText(Path.Join(root, "cgroup.controllers"), "cpu io\n");

        var error = Assert.Throws<SandboxSetupException>(() =>
            CgroupLayout.Detect($"29 23 0:26 / {root} rw - cgroup2 cgroup2 rw", "0::/\n", "rapport-sandbox"));

        Assert.Equal($"echo '+memory +pids' > {root}/cgroup.subtree_control (or boot with systemd.unified_cgroup_hierarchy=1).", error.Fix.Replace("Enable them: ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void NoCgroupsAtAll_NamesTheMountCommands()
    {
        var error = Assert.Throws<SandboxSetupException>(() => CgroupLayout.Detect("22 1 0:21 / /proc rw - proc proc rw", "", "rapport-sandbox"));

        Assert.Contains("mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory", error.Fix, StringComparison.Ordinal);
        Assert.Contains("mount -t cgroup -o pids cgroup /sys/fs/cgroup/pids", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void V2Files_LimitsAreWrittenAndEvidenceIsRead()
    {
        var run = Path.Join(root, "run-1-1");
        var cgroup = new RunCgroup(CgroupVersion.V2, new Dictionary<string, string> { ["unified"] = run });

        cgroup.CreateAndLimit(new CgroupLimits(128 * RunLimits.MiB, 32, 0.5));
        File.WriteAllText(Path.Join(run, "cpu.stat"), "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n");
        File.WriteAllText(Path.Join(run, "memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
        File.WriteAllText(Path.Join(run, "memory.peak"), "99999\n");
        File.WriteAllText(Path.Join(run, "pids.events"), "max 7\n");

        Assert.Equal("134217728", File.ReadAllText(Path.Join(run, "memory.max")));
        Assert.Equal("32", File.ReadAllText(Path.Join(run, "pids.max")));
        Assert.Equal("50000 100000", File.ReadAllText(Path.Join(run, "cpu.max")));
        Assert.Equal(TimeSpan.FromSeconds(1.5), cgroup.CpuUsage());
        Assert.Equal(1, cgroup.OomKills());
        Assert.Equal(99999, cgroup.PeakMemoryBytes());
        Assert.Equal(7, cgroup.ProcessLimitHits());
        Assert.Equal([Path.Join(run, "cgroup.procs")], cgroup.ProcsFiles);
    }

    [Fact]
    public void V1Files_NoSwapBeyondTheMemoryLimit_AndTheOomRecordIsRead()
    {
        var directories = CgroupLayout.V1Controllers.ToDictionary(c => c, c => Path.Join(root, c, "run-1-1"));
        Directory.CreateDirectory(directories["memory"]);
        File.WriteAllText(Path.Join(directories["memory"], "memory.memsw.limit_in_bytes"), "");
        var cgroup = new RunCgroup(CgroupVersion.V1, directories);

        cgroup.CreateAndLimit(new CgroupLimits(64 * RunLimits.MiB, 16, 1));
        File.WriteAllText(Path.Join(directories["memory"], "memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        File.WriteAllText(Path.Join(directories["cpuacct"], "cpuacct.usage"), "2500000000\n");

        Assert.Equal("67108864", File.ReadAllText(Path.Join(directories["memory"], "memory.limit_in_bytes")));
        Assert.Equal("67108864", File.ReadAllText(Path.Join(directories["memory"], "memory.memsw.limit_in_bytes")));
        Assert.Equal("100000", File.ReadAllText(Path.Join(directories["cpu"], "cpu.cfs_quota_us")));
        Assert.Equal("16", File.ReadAllText(Path.Join(directories["pids"], "pids.max")));
        Assert.Equal(2, cgroup.OomKills());
        Assert.Equal(TimeSpan.FromSeconds(2.5), cgroup.CpuUsage());
        Assert.Equal(4, cgroup.ProcsFiles.Count);
    }
}
