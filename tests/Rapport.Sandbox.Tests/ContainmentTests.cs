using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rapport.Sandbox.Tests;

/// <summary>
/// Attacks a candidate (or a curious one) might try, each run in the real sandbox; each asserts
/// the verdict and that the host is unchanged afterwards.
/// </summary>
[Collection(RealSandbox.Name)]
public sealed class ContainmentTests(SandboxFixture fixture)
{
    private static readonly RunLimits Quick = new() { CpuTime = TimeSpan.FromSeconds(1), WallTime = TimeSpan.FromSeconds(3) };

    [Fact]
    public async Task ReadHostSecrets_ShadowAndHostFilesAreNotThere()
    {
        var result = await fixture.RunAsync("python", """
            import os
            for path in ["/etc/shadow", "/etc/passwd", "/root", "/home", "/work", "/var/lib", "/sys/fs/cgroup", "/proc/1/root/etc/shadow"]:
                print(path, os.path.exists(path))
            """);

        AssertOk(result);
        Assert.Equal("""
            /etc/shadow False
            /etc/passwd False
            /root False
            /home False
            /work False
            /var/lib False
            /sys/fs/cgroup False
            /proc/1/root/etc/shadow False

            """.ReplaceLineEndings("\n"), result.Stdout);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task ReadShadow_IsARuntimeErrorWithTheExceptionAndLine()
    {
        var result = await fixture.RunAsync("python", "print('start')\nprint(open('/etc/shadow').read())\n");

        Verdicts.AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal(new RuntimeErrorInfo("FileNotFoundError", "[Errno 2] No such file or directory: '/etc/shadow'", 2), result.RuntimeError);
        Assert.Equal("start\n", result.Stdout);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task HostEnvironment_IsInvisibleEvenThroughProcOfPidOne()
    {
        var canary = fixture.EnvironmentCanary;
        var result = await fixture.RunAsync("python", """
            import os
            print(sorted(os.environ))
            for pid in sorted((p for p in os.listdir("/proc") if p.isdigit()), key=int):
                environ = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
                print(pid, sorted(entry.split(b"=")[0].decode() for entry in environ if entry))
            """);

        AssertOk(result);
        Assert.DoesNotContain(canary, result.Stdout, StringComparison.Ordinal);
        var sandboxEnvironment = "['HOME', 'LANG', 'LC_ALL', 'MKL_NUM_THREADS', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH', 'PWD', 'TMPDIR']";
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([sandboxEnvironment, "2 " + sandboxEnvironment], [lines[0], lines[2]]);
        // PID 1 is the sandbox's one-line init: started with the sandbox's environment, or (a
        // prestarted sandbox) with nothing but PWD, the program's variables coming later.
        Assert.Contains(lines[1], new[] { "1 " + sandboxEnvironment, "1 ['PWD']" });
        Assert.Equal(3, lines.Length);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task ConnectToHostListener_OnLoopback_NeverArrives()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await fixture.RunAsync("python", $$"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {{port}}), timeout=2)
                print("connected")
            except OSError as error:
                print("failed", type(error).__name__)
            print(sorted(line.split(":")[0].strip() for line in open("/proc/net/dev").read().splitlines()[2:]))
            """);

        AssertOk(result);
        Assert.Equal("failed ConnectionRefusedError\n['lo']\n", result.Stdout);
        Assert.False(listener.Pending());

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task DnsLookup_Fails()
    {
        var result = await fixture.RunAsync("python", """
            import socket
            try:
                print(socket.getaddrinfo("example.com", 443))
            except OSError as error:
                print("failed", type(error).__name__)
            """);

        AssertOk(result);
        Assert.Equal("failed gaierror\n", result.Stdout);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task Identity_IsAnUnprivilegedPoolUidWithoutCapabilitiesUnderSeccomp()
    {
        var result = await fixture.RunAsync("python", """
            import os
            status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)
            print(os.getuid(), os.getgid(), os.getgroups())
            for key in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp"]:
                print(key, status[key].strip())
            print(os.getpid() > 1, os.uname().nodename)
            print(sorted(os.listdir("/proc/self/fd")))
            """);

        AssertOk(result);
        var lines = result.Stdout.Split('\n');
        var ids = lines[0].Split(' ');
        var uid = int.Parse(ids[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(uid, fixture.Options.FirstUid, fixture.Options.FirstUid + fixture.Options.UidCount - 1);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal("""
            CapInh 0000000000000000
            CapPrm 0000000000000000
            CapEff 0000000000000000
            CapBnd 0000000000000000
            CapAmb 0000000000000000
            NoNewPrivs 1
            Seccomp 2
            True sandbox
            ['0', '1', '2', '3']

            """.ReplaceLineEndings("\n"), string.Join('\n', lines.Skip(1)));

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task DangerousSystemCalls_AreRefusedBySeccomp()
    {
        var result = await fixture.RunAsync("python", """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            def call(name, *args):
                result = libc.syscall(*args)
                print(name, result, ctypes.get_errno() if result < 0 else 0)
            call("ptrace", 101, 0, 0, 0, 0)           # PTRACE_TRACEME
            call("unshare", 272, 0x10000000)          # CLONE_NEWUSER
            call("keyctl", 250, 0, 0, 0, 0)
            call("mount", 165, b"none", b"/tmp", b"tmpfs", 0, 0)
            call("bpf", 321, 0, 0, 0)
            call("perf_event_open", 298, 0, 0, -1, -1, 0)
            call("io_uring_setup", 425, 1, 0)
            call("clone3", 435, 0, 0)
            call("getpid is allowed", 39)
            """);

        AssertOk(result);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["ptrace -1 1", "unshare -1 1", "keyctl -1 1", "mount -1 1", "bpf -1 1", "perf_event_open -1 1", "io_uring_setup -1 38", "clone3 -1 38"],
            lines[..8]);
        Assert.StartsWith("getpid is allowed ", lines[8], StringComparison.Ordinal);
        Assert.EndsWith(" 0", lines[8], StringComparison.Ordinal);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task WriteToUsrOrTheRunDirectory_IsReadOnly_TmpIsWritable()
    {
        var result = await fixture.RunAsync("python", """
            for path in ["/usr/pwned", "/box/pwned", "/box/main.py", "/tmp/scratch"]:
                try:
                    with open(path, "w") as f:
                        f.write("x")
                    print(path, "written")
                except OSError as error:
                    print(path, error.strerror)
            """);

        AssertOk(result);
        Assert.Equal("""
            /usr/pwned Read-only file system
            /box/pwned Read-only file system
            /box/main.py Read-only file system
            /tmp/scratch written

            """.ReplaceLineEndings("\n"), result.Stdout);
        Assert.False(File.Exists("/usr/pwned"));

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task SignalAHostProcess_CannotEvenSeeIt()
    {
        using var victim = Process.Start(new ProcessStartInfo("/usr/bin/sleep", "60") { UseShellExecute = false })!;
        try
        {
            var result = await fixture.RunAsync("python", $$"""
                import os
                try:
                    os.kill({{victim.Id}}, 9)
                    print("killed")
                except OSError as error:
                    print(type(error).__name__)
                print(sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
                """);

            AssertOk(result);
            Assert.Equal("ProcessLookupError\n[1, 2]\n", result.Stdout);
            Assert.False(victim.HasExited);
        }
        finally
        {
            victim.Kill();
        }

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task Daemon_DoesNotOutliveItsRun()
    {
        var result = await fixture.RunAsync("python", """
            import os, sys, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    sys.stdout.close(); sys.stderr.close()
                    time.sleep(60)
                os._exit(0)
            print("parent done")
            """);

        AssertOk(result);
        Assert.Equal("parent done\n", result.Stdout);
        Assert.True(result.WallTime < TimeSpan.FromSeconds(3), $"the run waited for its daemon: {result.WallTime}");
        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task ForkBomb_IsStoppedByThePidsLimit()
    {
        var result = await fixture.RunAsync("python", """
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """, limits: Quick);

        // 64 busy processes share this machine's cores: on a loaded machine the clock can run out
        // before the CPU budget does. Either way the bomb was capped and stopped.
        Assert.True(result.Verdict is Verdict.CpuTimeLimit or Verdict.WallTimeLimit, $"{result.Verdict}: {result.Message}");
        Assert.True(result.ProcessLimitReached);
        Assert.Contains("more than 64 processes", result.Message, StringComparison.Ordinal);
        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task ThreadBomb_CountsAgainstThePidsLimit()
    {
        var result = await fixture.RunAsync("python", """
            import threading, time
            threads = []
            for i in range(500):
                thread = threading.Thread(target=time.sleep, args=(10,), daemon=True)
                thread.start()
                threads.append(thread)
            """, limits: Quick);

        Verdicts.AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal("RuntimeError", result.RuntimeError?.Kind);
        Assert.Equal("can't start new thread", result.RuntimeError?.Detail);
        Assert.True(result.ProcessLimitReached);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task RaisingItsOwnLimits_IsRefused()
    {
        var result = await fixture.RunAsync("python", """
            import resource
            for name in ["RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE"]:
                limit = getattr(resource, name)
                soft, hard = resource.getrlimit(limit)
                try:
                    resource.setrlimit(limit, (hard + 1, hard + 1))
                    print(name, "raised")
                except (ValueError, OSError) as error:
                    print(name, "refused")
            print(resource.getrlimit(resource.RLIMIT_CORE))
            """, limits: Quick);

        AssertOk(result);
        Assert.Equal("RLIMIT_CPU refused\nRLIMIT_FSIZE refused\nRLIMIT_NOFILE refused\n(0, 0)\n", result.Stdout);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task FillingSharedMemory_IsBoundedByTheRunsMemoryLimit()
    {
        var result = await fixture.RunAsync("python", """
            with open("/dev/shm/fill", "wb") as f:
                for _ in range(512):
                    f.write(b"x" * (1 << 20))
            print("wrote 512 MB")
            """, limits: Quick with { MemoryBytes = 64 * RunLimits.MiB, FileSizeBytes = 1024 * RunLimits.MiB });

        Verdicts.AssertVerdict(Verdict.MemoryLimit, result);
        Assert.Equal("", result.Stdout);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task HugeFileInTmp_IsStoppedByTheTmpfsSize()
    {
        var result = await fixture.RunAsync("python", """
            with open("/tmp/huge", "wb") as f:
                for _ in range(100):
                    f.write(b"x" * (1 << 20))
            """, limits: Quick with { FileSizeBytes = 512 * RunLimits.MiB, TmpBytes = 8 * RunLimits.MiB });

        Verdicts.AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal("OSError", result.RuntimeError?.Kind);
        Assert.Contains("No space left on device", result.RuntimeError?.Detail, StringComparison.Ordinal);
        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task HugeFile_IsStoppedByTheFileSizeLimit()
    {
        var result = await fixture.RunAsync("python", """
            with open("/tmp/huge", "wb") as f:
                for _ in range(100):
                    f.write(b"x" * (1 << 20))
            """, limits: Quick with { FileSizeBytes = 4 * RunLimits.MiB, TmpBytes = 64 * RunLimits.MiB });

        Verdicts.AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal("OSError", result.RuntimeError?.Kind);
        Assert.Contains("File too large", result.RuntimeError?.Detail, StringComparison.Ordinal);
        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task OutputFlood_IsTruncatedAtTheCapAndStopped()
    {
        var result = await fixture.RunAsync("python", "while True:\n    print('x' * 999)\n", limits: Quick with { OutputBytes = 8 * 1024 });

        Verdicts.AssertVerdict(Verdict.OutputLimit, result);
        Assert.True(result.OutputTruncated);
        Assert.Equal(8 * 1024, result.Stdout.Length);
        Assert.StartsWith("Your program printed more than 8 KB", result.Message, StringComparison.Ordinal);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task CSharpProcessStart_StaysInsideTheSandbox()
    {
        var result = await fixture.RunAsync("csharp", """
            using System.Diagnostics;
            var id = Process.Start(new ProcessStartInfo("/usr/bin/id", "-u") { RedirectStandardOutput = true })!;
            Console.WriteLine("child uid " + id.StandardOutput.ReadToEnd().Trim());
            Process.Start("/bin/sh", ["-c", "sleep 60 &"]);
            try
            {
                Process.Start("/bin/sh", ["-c", "echo escaped > /usr/escaped"])!.WaitForExit();
            }
            catch (Exception error)
            {
                Console.WriteLine(error.GetType().Name);
            }
            Console.WriteLine("done");
            """, limits: Quick with { WallTime = TimeSpan.FromSeconds(5) });

        AssertOk(result);
        var uid = int.Parse(result.Stdout.Split('\n')[0]["child uid ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(uid, fixture.Options.FirstUid, fixture.Options.FirstUid + fixture.Options.UidCount - 1);
        Assert.Contains("Read-only file system", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists("/usr/escaped"));
        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task CSharpCompilerWorker_RunsSandboxedUnderItsOwnUid()
    {
        var warm = await fixture.RunAsync("csharp", "Console.WriteLine(1);");
        AssertOk(warm);

        var workers = HostProcesses.OwnedByUids(fixture.Options.CompilerUid, 1);

        Assert.NotEmpty(workers);
        // Also in the pool's uid: setpriv-then-bwrap and bwrap's reaper. The worker is the one running dotnet.
        var worker = workers.Single(pid => File.ReadAllText($"/proc/{pid}/cmdline").StartsWith(fixture.Options.DotnetPath + "\0", StringComparison.Ordinal));
        Assert.Equal("2", HostProcesses.Status(worker, "Seccomp"));
        Assert.Equal("1", HostProcesses.Status(worker, "NoNewPrivs"));
        Assert.Equal("0000000000000000", HostProcesses.Status(worker, "CapEff"));
        Assert.NotEqual(new FileInfo("/proc/self/ns/net").LinkTarget, new FileInfo($"/proc/{worker}/ns/net").LinkTarget);
        Assert.NotEqual(new FileInfo("/proc/self/ns/pid").LinkTarget, new FileInfo($"/proc/{worker}/ns/pid").LinkTarget);

        await fixture.AssertHostUnchangedAsync();
    }

    private static void AssertOk(RunResult result) =>
        Assert.True(result.Verdict == Verdict.Ok, $"{result.Verdict}: {result.Message}\nstdout: {result.Stdout}\nstderr: {result.Stderr}\n{result.OperatorDetail}");
}
