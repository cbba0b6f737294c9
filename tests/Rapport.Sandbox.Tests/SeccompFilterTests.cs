using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.Tests;

/// <summary>
/// The BPF program, executed by a small classic-BPF interpreter over every path, and its syscall
/// numbers checked against the kernel's own header. (ContainmentTests show the real kernel
/// enforcing it.)
/// </summary>
public sealed partial class SeccompFilterTests
{
    private const uint AuditArchI386 = 0x40000003;

    [Fact]
    public void OrdinarySystemCalls_AreAllowed()
    {
        foreach (var nr in new uint[] { 0 /* read */, 1 /* write */, 9 /* mmap */, 39 /* getpid */, 57 /* fork */, 59 /* execve */, 231 /* exit_group */ })
        {
            Assert.Equal(SeccompFilter.RetAllow, Run(nr));
        }
    }

    [Fact]
    public void EveryDeniedSystemCall_FailsWithEperm()
    {
        Assert.All(SeccompFilter.Denied, call => Assert.Equal(SeccompFilter.RetErrno | SeccompFilter.EPERM, Run(call.Number)));
        Assert.Contains(SeccompFilter.Denied, call => call.Name == "ptrace");
        Assert.Contains(SeccompFilter.Denied, call => call.Name == "keyctl");
        Assert.Contains(SeccompFilter.Denied, call => call.Name == "kexec_load");
        Assert.Contains(SeccompFilter.Denied, call => call.Name == "setns");
    }

    [Fact]
    public void IoUringAndClone3_LookUnimplemented_SoLibcFallsBack()
    {
        Assert.All(SeccompFilter.Unimplemented, call => Assert.Equal(SeccompFilter.RetErrno | SeccompFilter.ENOSYS, Run(call.Number)));
    }

    [Fact]
    public void Clone_ForThreadsIsAllowed_ForANewNamespaceIsNot()
    {
        const uint threadFlags = 0x003D0F00;  // what glibc's pthread_create passes
        Assert.Equal(SeccompFilter.RetAllow, Run(SeccompFilter.SysClone, arg0: threadFlags));
        Assert.Equal(SeccompFilter.RetAllow, Run(SeccompFilter.SysClone, arg0: 17 /* SIGCHLD: fork */));
        Assert.Equal(SeccompFilter.RetErrno | SeccompFilter.EPERM, Run(SeccompFilter.SysClone, arg0: 0x10000000 | 17 /* NEWUSER */));
        Assert.Equal(SeccompFilter.RetErrno | SeccompFilter.EPERM, Run(SeccompFilter.SysClone, arg0: 0x40000000 /* NEWNET */));
    }

    [Fact]
    public void Ioctl_TerminalInjectionIsRefused_OtherIoctlsAreNot()
    {
        Assert.Equal(SeccompFilter.RetErrno | SeccompFilter.EPERM, Run(SeccompFilter.SysIoctl, arg1: SeccompFilter.TIOCSTI));
        Assert.Equal(SeccompFilter.RetErrno | SeccompFilter.EPERM, Run(SeccompFilter.SysIoctl, arg1: SeccompFilter.TIOCLINUX));
        Assert.Equal(SeccompFilter.RetAllow, Run(SeccompFilter.SysIoctl, arg1: 0x5401 /* TCGETS */));
    }

    [Fact]
    public void ForeignAbis_KillTheProcess()
    {
        Assert.Equal(SeccompFilter.RetKillProcess, Run(0, arch: AuditArchI386));
        Assert.Equal(SeccompFilter.RetKillProcess, Run(0x40000000 | 101 /* x32 ptrace */));
    }

    [Fact]
    public void Build_EncodesStructSockFilterLittleEndian()
    {
        var bytes = SeccompFilter.Build();

        Assert.Equal(SeccompFilter.Instructions().Count * 8, bytes.Length);
        Assert.Equal(new byte[] { 0x20, 0x00, 0, 0, 4, 0, 0, 0 }, bytes[..8]);  // ld [4] (arch)
        Assert.Equal(new byte[] { 0x15, 0x00, 1, 0, 0x3E, 0, 0, 0xC0 }, bytes[8..16]);  // jeq AUDIT_ARCH_X86_64, +1
    }

    [Fact]
    public void SyscallNumbers_MatchTheKernelHeader()
    {
        const string header = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";
        Assert.True(File.Exists(header), $"{header} (Debian's linux-libc-dev, pulled in by g++) is the oracle for these numbers");
        var numbers = Define().Matches(File.ReadAllText(header)).ToDictionary(m => m.Groups[1].Value, m => uint.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.All(SeccompFilter.Denied.Concat(SeccompFilter.Unimplemented), call => Assert.Equal(numbers[call.Name], call.Number));
        Assert.Equal(SeccompFilter.SysClone, numbers["clone"]);
        Assert.Equal(SeccompFilter.SysIoctl, numbers["ioctl"]);
    }

    /// <summary>Runs the filter over struct seccomp_data { int nr; u32 arch; u64 ip; u64 args[6]; }.</summary>
    private static uint Run(uint nr, uint arch = SeccompFilter.AuditArchX86_64, uint arg0 = 0, uint arg1 = 0)
    {
        var data = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(data, nr);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), arg0);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(24), arg1);

        var program = SeccompFilter.Instructions();
        uint accumulator = 0;
        for (var pc = 0; pc < program.Count; pc++)
        {
            var (code, jumpTrue, jumpFalse, k) = program[pc];
            switch (code)
            {
                case 0x20:
                    accumulator = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k));
                    break;
                case 0x15:
                    pc += accumulator == k ? jumpTrue : jumpFalse;
                    break;
                case 0x35:
                    pc += accumulator >= k ? jumpTrue : jumpFalse;
                    break;
                case 0x45:
                    pc += (accumulator & k) != 0 ? jumpTrue : jumpFalse;
                    break;
                case 0x06:
                    return k;
                default:
                    throw new InvalidOperationException($"unknown opcode {code:x} at {pc}");
            }
        }

        throw new InvalidOperationException("fell off the end of the program");
    }

    [GeneratedRegex(@"#define __NR_(\w+) (\d+)")]
    private static partial Regex Define();
}
