using System.Diagnostics;
using System.Globalization;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// Builds the process that runs one sandboxed command. The chain, all exec'd in one process:
/// <c>sh</c> (as root: joins the run cgroup, lowers rlimits, opens the seccomp program and the
/// status file) → <c>setpriv</c> (drops to the run's unprivileged uid, no groups, no
/// capabilities) → <c>bwrap</c> (new user, mount, PID, network, IPC, UTS and cgroup namespaces;
/// read-only /usr; private /proc, /dev and size-limited /tmp; cleared environment; seccomp) →
/// a one-line <c>sh</c> as PID 1 → the program.
/// </summary>
internal sealed class Bubblewrap(SandboxOptions options, string seccompPath)
{
    // dash knows only single-digit descriptors: 8 carries the seccomp program, 9 the status.
    // Positional parameters: $1 seccomp program, $2 status file, then cgroup.procs files up to "--".
    // The ulimit line is appended per command; rlimits are inherited through every exec.
    private const string LauncherScript = """
        seccomp=$1; status=$2; shift 2
        while [ "$1" != -- ]; do echo 0 > "$1" || exit 121; shift; done
        shift
        unset PWD OLDPWD
        """;

    // PID 1 of the sandbox: starts the program as PID 2 (so its signals behave normally: an
    // abort() is a SIGABRT, not the kernel's last-resort SIGSEGV for an unkillable init) and
    // exits with its status. When it exits the kernel kills everything left in the namespace,
    // and as bwrap's own child it is reaped by bwrap: no orphaned reaper for the host's init.
    // The program keeps stdin (an asynchronous list would otherwise get /dev/null).
    private const string InitScript = "exec 3<&0; \"$@\" <&3 3<&- & exec 3<&-; wait $!";

    // PID 1 of a prestarted sandbox: everything is set up; it waits on stdin for one header line
    // "ARGS VARS CPU_SECONDS FILE_BLOCKS OPEN_FILES", then ARGS lines of argv and VARS lines of
    // NAME=value, lowers its rlimits to the run's, and goes on like InitScript. The program's
    // stdin follows the header in the same pipe (dash reads a pipe byte by byte).
    private const string GateScript = """
        read -r arguments variables cpu blocks files || exit 120
        ulimit -t "$cpu" && ulimit -f "$blocks" && ulimit -n "$files" || exit 120
        set --
        while [ "$arguments" -gt 0 ]; do IFS= read -r argument || exit 120; set -- "$@" "$argument"; arguments=$((arguments - 1)); done
        while [ "$variables" -gt 0 ]; do IFS= read -r variable || exit 120; export "$variable"; variables=$((variables - 1)); done
        exec 3<&0; "$@" <&3 3<&- & exec 3<&-; wait $!
        """;

    private static readonly string[] SystemDirectories = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

    public ProcessStartInfo StartInfo(SandboxCommand command, StepLimits limits, int uid, RunCgroup cgroup, string statusFile) =>
        StartInfo(BwrapArguments(command, limits, ["/bin/sh", "-c", InitScript, "init", .. command.Arguments]), limits, uid, cgroup, statusFile);

    /// <summary>
    /// A sandbox set up in advance, waiting for its program (see <see cref="GateHeader"/>):
    /// namespaces, mounts, uid and cgroup cost their time before the candidate presses Run.
    /// <paramref name="command"/> gives only the mounts; <paramref name="limits"/> must be at
    /// least every run's rlimits, since the gate can only lower them.
    /// </summary>
    public ProcessStartInfo GatedStartInfo(SandboxCommand command, StepLimits limits, int uid, RunCgroup cgroup, string statusFile) =>
        StartInfo(BwrapArguments(command with { Environment = new Dictionary<string, string>() }, limits, ["/bin/sh", "-c", GateScript, "gate"]), limits, uid, cgroup, statusFile);

    /// <summary>What a gated sandbox reads before it starts the program.</summary>
    public static byte[] GateHeader(SandboxCommand command, StepLimits limits)
    {
        var lines = command.Arguments.Concat(command.Environment.Select(v => $"{v.Key}={v.Value}")).ToList();
        if (lines.Any(l => l.Contains('\n', StringComparison.Ordinal)) || limits.CpuTime is null)
        {
            throw new ArgumentException("A gated command needs a CPU limit and single-line arguments.", nameof(command));
        }

        var header = $"{command.Arguments.Count} {command.Environment.Count} {CpuSeconds(limits.CpuTime.Value)} {Blocks(limits.FileSizeBytes)} {limits.OpenFiles}\n";
        return System.Text.Encoding.UTF8.GetBytes(header + string.Concat(lines.Select(l => l + "\n")));
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> bwrapArguments, StepLimits limits, int uid, RunCgroup cgroup, string statusFile)
    {
        var startInfo = new ProcessStartInfo(options.ShellPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the host's directory: nothing of the host should show through, not even its path.
            WorkingDirectory = "/",
        };

        // bwrap's own process becomes PID 1 of the sandbox, and /proc/1/environ shows the
        // environment it was started with: so the whole chain starts with an empty one.
        startInfo.Environment.Clear();

        var arguments = startInfo.ArgumentList;
        arguments.Add("-c");
        arguments.Add(LauncherScript + "\n" + UlimitLine(limits) + "\nexec \"$@\" 8<\"$seccomp\" 9>\"$status\"\n");
        arguments.Add("rapport-sandbox");
        arguments.Add(seccompPath);
        arguments.Add(statusFile);
        foreach (var procs in cgroup.ProcsFiles)
        {
            arguments.Add(procs);
        }

        arguments.Add("--");
        foreach (var argument in SetprivArguments(uid))
        {
            arguments.Add(argument);
        }

        foreach (var argument in bwrapArguments)
        {
            arguments.Add(argument);
        }

        return startInfo;
    }

    private List<string> SetprivArguments(int uid)
    {
        var id = uid.ToString(CultureInfo.InvariantCulture);
        return [options.SetprivPath, $"--reuid={id}", $"--regid={id}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"];
    }

    private List<string> BwrapArguments(SandboxCommand command, StepLimits limits, IEnumerable<string> inside)
    {
        var a = new List<string>
        {
            options.BubblewrapPath,
            "--unshare-all", "--unshare-user", "--disable-userns",
            "--as-pid-1", "--die-with-parent", "--new-session", "--hostname", "sandbox",
            "--cap-drop", "ALL",
            "--clearenv",
        };
        foreach (var (name, value) in command.Environment)
        {
            a.AddRange(["--setenv", name, value]);
        }

        a.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var directory in SystemDirectories)
        {
            var path = "/" + directory;
            var info = new DirectoryInfo(path);
            if (info.LinkTarget is { } target)
            {
                a.AddRange(["--symlink", target, path]);
            }
            else if (info.Exists)
            {
                a.AddRange(["--ro-bind", path, path]);
            }
        }

        a.AddRange(["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]);
        a.AddRange(["--ro-bind-try", "/etc/alternatives", "/etc/alternatives"]);
        a.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        a.AddRange(["--size", limits.TmpBytes.ToString(CultureInfo.InvariantCulture), "--perms", "1777", "--tmpfs", "/tmp"]);
        foreach (var mount in command.Mounts)
        {
            a.AddRange([mount.Writable ? "--bind" : "--ro-bind", mount.HostPath, mount.SandboxPath]);
        }

        a.AddRange(["--chdir", command.WorkingDirectory]);
        a.AddRange(["--seccomp", "8", "--json-status-fd", "9", "--"]);
        a.AddRange(inside);
        return a;
    }

    /// <summary>dash's ulimit: -f counts 512-byte blocks; each call sets soft and hard limit together.</summary>
    private static string UlimitLine(StepLimits limits)
    {
        var line = $"ulimit -c 0 && ulimit -n {limits.OpenFiles} && ulimit -f {Blocks(limits.FileSizeBytes)}";
        if (limits.CpuTime is { } cpu)
        {
            line += $" && ulimit -t {CpuSeconds(cpu)}";
        }

        return line + " || exit 122";
    }

    private static long Blocks(long bytes) => (bytes + 511) / 512;

    /// <summary>A backstop per process, a second above the limit; the run's own CPU limit (all processes together) is the cgroup's.</summary>
    private static int CpuSeconds(TimeSpan cpu) => (int)Math.Ceiling(cpu.TotalSeconds) + 1;
}
