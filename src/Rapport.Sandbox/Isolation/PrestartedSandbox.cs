using System.Diagnostics;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// A sandbox fully set up before anyone asked for it: uid, run directory (empty, bound
/// read-only at /box), cgroup, namespaces and seccomp are in place, and its PID 1 waits on stdin
/// for the program to run. Used once, then disposed: every process killed, cgroup and
/// directory removed, uid returned.
/// </summary>
internal sealed class PrestartedSandbox : IDisposable
{
    /// <summary>rlimits at their highest allowed values: the gate lowers them to the run's.</summary>
    public static readonly StepLimits SpawnLimits = new()
    {
        CpuTime = TimeSpan.FromSeconds(60),
        MemoryBytes = RunLimits.Default.MemoryBytes,
        MaxProcesses = RunLimits.Default.MaxProcesses,
        FileSizeBytes = 1024 * RunLimits.MiB,
        OpenFiles = 4096,
        TmpBytes = RunLimits.Default.TmpBytes,
    };

    private PrestartedSandbox(UidPool.Lease uid, RunDirectory box, RunCgroup cgroup, string statusFile, Process process)
    {
        Uid = uid;
        Box = box;
        Cgroup = cgroup;
        StatusFile = statusFile;
        Process = process;
    }

    public UidPool.Lease Uid { get; }

    public RunDirectory Box { get; }

    public RunCgroup Cgroup { get; }

    public string StatusFile { get; }

    public Process Process { get; }

    /// <summary>Null when every uid is taken: runs come first.</summary>
    public static async Task<PrestartedSandbox?> StartAsync(SandboxHost host)
    {
        if (host.Uids.TryLease() is not { } uid)
        {
            return null;
        }

        var box = RunDirectory.Create(host, "warmbox");
        var name = SandboxHost.NextName("warm");
        var statusFile = Path.Join(host.WorkDirectory, $"status-{name}.json");
        RunCgroup? cgroup = null;
        try
        {
            cgroup = host.Cgroups.Create(name, new CgroupLimits(SpawnLimits.MemoryBytes, SpawnLimits.MaxProcesses, SpawnLimits.Cores));
            var mounts = new SandboxCommand { Arguments = [], Mounts = [new BindMount(box.Path, SandboxPaths.Box, Writable: false)] };
            var process = await ProcessStarter.StartAsync(host.Bubblewrap.GatedStartInfo(mounts, SpawnLimits, uid.Uid, cgroup, statusFile));
            return new PrestartedSandbox(uid, box, cgroup, statusFile, process);
        }
        catch
        {
            cgroup?.Dispose();
            box.Dispose();
            uid.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Cgroup.KillAll(parentPid: Process.Id);
        Cgroup.Dispose();
        Process.WaitForExit(TimeSpan.FromSeconds(5));
        Process.Dispose();
        Box.Dispose();
        Uid.Dispose();
        if (File.Exists(StatusFile))
        {
            File.Delete(StatusFile);
        }
    }
}
