using System.Globalization;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// What every sandboxed step shares on this machine: the detected cgroup layout, the uid pool,
/// the seccomp program on disk and the work directory. Built once at start; building it is
/// where missing prerequisites surface, as <see cref="SandboxSetupException"/>s.
/// </summary>
internal sealed class SandboxHost : IDisposable
{
    // Shared by every instance in the process: names must be unique per host process.
    private static long counter;
    private static int liveHosts;

    private SandboxHost(SandboxOptions options, CgroupLayout cgroups, string workDirectory, string seccompPath)
    {
        Options = options;
        Cgroups = cgroups;
        WorkDirectory = workDirectory;
        Bubblewrap = new Bubblewrap(options, seccompPath);
        Uids = new UidPool(options.FirstUid, options.UidCount);
    }

    public SandboxOptions Options { get; }

    public CgroupLayout Cgroups { get; }

    public string WorkDirectory { get; }

    public Bubblewrap Bubblewrap { get; }

    public UidPool Uids { get; }

    public static SandboxHost Create(SandboxOptions options)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new SandboxSetupException("The sandbox needs Linux (namespaces, cgroups, seccomp).", "Run rapport on Linux to run candidate code.");
        }

        if (!SeccompFilter.IsSupportedHere)
        {
            throw new SandboxSetupException(
                "The seccomp filter is only written for x86_64 so far; this machine is not x86_64.",
                "Run rapport on an x86_64 machine to run candidate code (see docs/adr/0007-sandbox.md).");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new SandboxSetupException(
                "rapport is not running as root, so it cannot switch runs to unprivileged uids or create their cgroups.",
                "Start rapport as root (it gives each run its own unprivileged uid and never runs candidate code as root).");
        }

        foreach (var (path, package) in new[] { (options.BubblewrapPath, "bubblewrap"), (options.SetprivPath, "util-linux"), (options.ShellPath, "dash") })
        {
            if (!File.Exists(path))
            {
                throw new SandboxSetupException($"{path} is missing.", $"apt-get install -y {package}");
            }
        }

        var cgroups = CgroupLayout.DetectFromProc(options.CgroupName);
        cgroups.EnsureParents();
        cgroups.SweepStale();

        var workDirectory = Path.GetFullPath(options.WorkDirectory);
        Directory.CreateDirectory(workDirectory);
        // Searchable by the pool's uids (they must reach their run directory), listable by no one else.
        File.SetUnixFileMode(workDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        SweepStaleRunDirectories(workDirectory);

        var seccompPath = Path.Join(workDirectory, "seccomp.bpf");
        File.WriteAllBytes(seccompPath, SeccompFilter.Build());
        File.SetUnixFileMode(seccompPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Interlocked.Increment(ref liveHosts);
        return new SandboxHost(options, cgroups, workDirectory, seccompPath);
    }

    /// <summary>Unique per host process: kind-PID-N, so stale ones can be told apart after a crash.</summary>
    public static string NextName(string kind) =>
        $"{kind}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The last sandbox of the process removes the parent cgroup, so the host's own cgroup can be
    /// removed by whoever manages it. Another process still using it makes rmdir fail (harmless),
    /// and one that finds it gone creates it again.
    /// </summary>
    public void Dispose()
    {
        Uids.Dispose();
        if (Interlocked.Decrement(ref liveHosts) > 0)
        {
            return;
        }

        foreach (var parent in Cgroups.Parents.Values)
        {
            try
            {
                Directory.Delete(parent);  // only succeeds when no other host process uses it
            }
            catch (IOException)
            {
            }
        }
    }

    private static void SweepStaleRunDirectories(string workDirectory)
    {
        foreach (var directory in Directory.EnumerateDirectories(workDirectory))
        {
            if (CgroupLayout.OwnerPid(Path.GetFileName(directory)) is { } pid && pid != Environment.ProcessId && !Native.IsAlive(pid))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
