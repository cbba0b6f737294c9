using System.Globalization;
using System.Text.Json;
using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox;

/// <summary>
/// Checks whether isolation works on this machine and, when it does not, says exactly what to
/// do. `rapport doctor` and `rapport sandbox check` print this list. The last check runs a probe
/// in the real sandbox and verifies from the inside what the others promise.
/// </summary>
public static class SandboxDoctor
{
    public static async Task<IReadOnlyList<SandboxCheck>> CheckAsync(SandboxOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var checks = new List<SandboxCheck>
        {
            new("Linux on x86_64", OperatingSystem.IsLinux() && SeccompFilter.IsSupportedHere,
                $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}",
                "The sandbox's seccomp filter is written for x86_64 Linux; run rapport there."),
            new("Running as root", Environment.IsPrivilegedProcess,
                Environment.IsPrivilegedProcess ? "yes: runs drop to uids from the pool" : "no",
                "Start rapport as root: it switches every run to an unprivileged uid and creates its cgroups."),
            Tool("bubblewrap", options.BubblewrapPath, "apt-get install -y bubblewrap"),
            Tool("setpriv", options.SetprivPath, "apt-get install -y util-linux"),
            Tool("Python 3", options.PythonPath, "apt-get install -y python3 python3-numpy"),
            Tool("Node.js", options.NodePath, "apt-get install -y nodejs"),
            Tool("g++", options.GppPath, "apt-get install -y g++"),
            Tool(".NET runtime", options.DotnetPath, "Install the .NET 10 runtime so that /usr/bin/dotnet exists: https://learn.microsoft.com/dotnet/core/install/linux-debian"),
            Tool("C# compiler worker", Path.Join(options.CSharpCompilerDirectory, "Rapport.Sandbox.CSharp.dll"),
                "Build rapport again: the worker is built from src/Rapport.Sandbox.CSharp into a csharp-compiler/ folder beside the app."),
            UserNamespaces(),
            Cgroups(options),
            UidPoolIsFree(options),
        };

        if (checks.All(c => c.Passed))
        {
            checks.AddRange(await EndToEndAsync(options, time, cancellationToken));
        }
        else
        {
            checks.Add(new SandboxCheck("Isolation end to end", false, "not tried: fix the checks above first", "Fix the failing checks above, then run the check again."));
        }

        return checks;
    }

    private static SandboxCheck Tool(string name, string path, string fix) =>
        new(name, File.Exists(path), File.Exists(path) ? path : $"{path} is missing", fix);

    private static SandboxCheck UserNamespaces()
    {
        var max = ReadSetting("/proc/sys/user/max_user_namespaces");
        if (max is 0)
        {
            return new("User namespaces", false, "user.max_user_namespaces is 0", "sysctl -w user.max_user_namespaces=15000 (and persist it in /etc/sysctl.d/)");
        }

        if (ReadSetting("/proc/sys/kernel/unprivileged_userns_clone") is 0)
        {
            return new("User namespaces", false, "kernel.unprivileged_userns_clone is 0", "sysctl -w kernel.unprivileged_userns_clone=1 (and persist it in /etc/sysctl.d/)");
        }

        if (ReadSetting("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") is 1)
        {
            return new("User namespaces", false, "AppArmor restricts unprivileged user namespaces",
                "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or give /usr/bin/bwrap an AppArmor profile that allows userns");
        }

        return new("User namespaces", true, $"available (max {max?.ToString(CultureInfo.InvariantCulture) ?? "unknown"})");
    }

    private static SandboxCheck Cgroups(SandboxOptions options)
    {
        try
        {
            var layout = CgroupLayout.DetectFromProc(options.CgroupName);
            layout.EnsureParents();
            using (layout.Create(SandboxHost.NextName("doctor"), new CgroupLimits(64 * RunLimits.MiB, 16, 1)))
            {
            }

            foreach (var parent in layout.Parents.Values)
            {
                try
                {
                    Directory.Delete(parent);  // leave nothing behind; a running sandbox recreates it
                }
                catch (IOException)
                {
                }
            }

            return new("Per-run cgroups (memory, pids, CPU)", true, layout.Describe());
        }
        catch (SandboxSetupException error)
        {
            return new("Per-run cgroups (memory, pids, CPU)", false, error.Message, error.Fix);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new("Per-run cgroups (memory, pids, CPU)", false, $"cannot create a cgroup: {error.Message}",
                "Run rapport as root with the cgroup file systems mounted read-write (in a container: give it its own cgroup namespace, writable).");
        }
    }

    /// <summary>A pool uid that owns a running process could be signalled by a run: the pool must be unused.</summary>
    private static SandboxCheck UidPoolIsFree(SandboxOptions options)
    {
        var pool = Enumerable.Range(options.FirstUid, options.UidCount).Append(options.CompilerUid).ToHashSet();
        var users = File.Exists("/etc/passwd")
            ? File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')).Where(f => f.Length > 2 && int.TryParse(f[2], CultureInfo.InvariantCulture, out var uid) && pool.Contains(uid)).Select(f => f[0]).ToList()
            : [];
        return users.Count == 0
            ? new("Unprivileged uid pool", true, $"uids {options.FirstUid}-{options.FirstUid + options.UidCount - 1} and {options.CompilerUid} belong to no user")
            : new("Unprivileged uid pool", false, $"uids of the pool belong to: {string.Join(", ", users)}",
                "Choose a FirstUid/CompilerUid range no account on this machine uses.");
    }

    private static async Task<IReadOnlyList<SandboxCheck>> EndToEndAsync(SandboxOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var sandbox = BubblewrapSandbox.Create(options, time);
        if (!sandbox.IsAvailable)
        {
            return [new SandboxCheck("Isolation end to end", false, sandbox.UnavailableReason ?? "unavailable", "Fix what the message names.")];
        }

        var checks = new List<SandboxCheck>();
        foreach (var language in await sandbox.GetLanguagesAsync(cancellationToken))
        {
            checks.Add(new SandboxCheck($"{language.DisplayName} in the sandbox", language.Version != "unavailable", language.Version,
                "Run the check again for the details; the toolchain must work from /usr with a cleared environment."));
        }

        var probe = await sandbox.RunAsync(new RunRequest { Language = "python", Source = Probe }, null, cancellationToken);
        if (probe.Verdict != Verdict.Ok)
        {
            checks.Add(new SandboxCheck("Isolation end to end", false, $"the probe did not run: {probe.Verdict} {probe.OperatorDetail} {probe.Stderr}", "Fix what the message names."));
            return checks;
        }

        var seen = JsonDocument.Parse(probe.Stdout).RootElement;
        var uid = seen.GetProperty("uid").GetInt32();
        checks.Add(Expect("Unprivileged uid inside", uid >= options.FirstUid && uid < options.FirstUid + options.UidCount, $"uid {uid}"));
        checks.Add(Expect("No capabilities", seen.GetProperty("capEff").GetString() == "0000000000000000", $"CapEff {seen.GetProperty("capEff").GetString()}"));
        checks.Add(Expect("Seccomp filter and no_new_privs", seen.GetProperty("seccomp").GetString() == "2" && seen.GetProperty("noNewPrivs").GetString() == "1",
            $"Seccomp {seen.GetProperty("seccomp").GetString()}, NoNewPrivs {seen.GetProperty("noNewPrivs").GetString()}"));
        var interfaces = seen.GetProperty("interfaces").EnumerateArray().Select(i => i.GetString()).ToList();
        checks.Add(Expect("No network", interfaces.SequenceEqual(["lo"]), $"interfaces: {string.Join(", ", interfaces)}"));
        var ownKeys = seen.GetProperty("environ").EnumerateArray().Select(k => k.GetString()).ToList();
        var pidOneKeys = seen.GetProperty("environ1").EnumerateArray().Select(k => k.GetString()).ToList();
        checks.Add(Expect("Cleared environment (also /proc/1/environ)", pidOneKeys.All(ownKeys.Contains) && !ownKeys.Any(k => k is "USER" or "LOGNAME" or "SUDO_USER" or "SHELL"),
            $"PID 1 and the program see only: {string.Join(", ", ownKeys)}"));
        checks.Add(Expect("Host files hidden", !seen.GetProperty("shadow").GetBoolean(), "/etc/shadow is not in the sandbox"));
        checks.Add(Expect("Read-only system", !seen.GetProperty("usrWritable").GetBoolean(), "/usr cannot be written"));
        return checks;
    }

    private static SandboxCheck Expect(string name, bool holds, string detail) =>
        new(name, holds, detail, holds ? null : "Isolation is not what it should be here: do not run candidate code; report this with `rapport sandbox check` output.");

    private static long? ReadSetting(string path) =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var value) ? value : null;

    private const string Probe = """
        import json, os
        status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)
        try:
            open("/usr/rapport-probe", "w")
            usr_writable = True
        except OSError:
            usr_writable = False
        print(json.dumps({
            "uid": os.getuid(),
            "capEff": status["CapEff"].strip(),
            "seccomp": status["Seccomp"].strip(),
            "noNewPrivs": status["NoNewPrivs"].strip(),
            "interfaces": sorted(line.split(":")[0].strip() for line in open("/proc/net/dev").read().splitlines()[2:]),
            "environ": sorted(os.environ),
            "environ1": sorted(e.split(b"=")[0].decode() for e in open("/proc/1/environ", "rb").read().split(b"\0") if e),
            "shadow": os.path.exists("/etc/shadow"),
            "usrWritable": usr_writable,
        }))
        """;
}
