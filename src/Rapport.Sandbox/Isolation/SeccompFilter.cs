using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// The classic-BPF seccomp program bubblewrap loads (--seccomp FD) before it execs the
/// candidate's program. Denylist, like Docker's and Flatpak's defaults: the calls that reach
/// kernel attack surface or escape routes no interview program needs fail with EPERM;
/// everything else is allowed. Foreign ABIs (i386 via int 0x80, x32) kill the process, since
/// their syscall numbers differ and would slip past the list.
/// </summary>
internal static class SeccompFilter
{
    public const uint AuditArchX86_64 = 0xC000003E;
    public const uint RetKillProcess = 0x80000000;
    public const uint RetErrno = 0x00050000;
    public const uint RetAllow = 0x7FFF0000;
    public const int EPERM = 1;
    public const int ENOSYS = 38;
    private const uint X32SyscallBit = 0x40000000;

    // Namespace flags of clone(2): a new namespace is how most container escapes begin.
    public const uint CloneNamespaceFlags =
        0x00000080 /* NEWTIME */ | 0x00020000 /* NEWNS */ | 0x02000000 /* NEWCGROUP */ | 0x04000000 /* NEWUTS */ |
        0x08000000 /* NEWIPC */ | 0x10000000 /* NEWUSER */ | 0x20000000 /* NEWPID */ | 0x40000000 /* NEWNET */;

    public const uint TIOCSTI = 0x5412;
    public const uint TIOCLINUX = 0x541C;

    /// <summary>x86_64 numbers from asm/unistd_64.h.</summary>
    public static readonly IReadOnlyList<(string Name, uint Number)> Denied =
    [
        ("ptrace", 101), ("syslog", 103), ("uselib", 134), ("vhangup", 153), ("pivot_root", 155), ("adjtimex", 159),
        ("chroot", 161), ("acct", 163), ("settimeofday", 164), ("mount", 165), ("umount2", 166), ("swapon", 167),
        ("swapoff", 168), ("reboot", 169), ("sethostname", 170), ("setdomainname", 171), ("iopl", 172), ("ioperm", 173),
        ("create_module", 174), ("init_module", 175), ("delete_module", 176), ("get_kernel_syms", 177),
        ("query_module", 178), ("quotactl", 179), ("nfsservctl", 180), ("lookup_dcookie", 212), ("clock_settime", 227),
        ("kexec_load", 246), ("add_key", 248), ("request_key", 249), ("keyctl", 250), ("unshare", 272),
        ("perf_event_open", 298), ("fanotify_init", 300), ("name_to_handle_at", 303), ("open_by_handle_at", 304),
        ("clock_adjtime", 305), ("setns", 308), ("process_vm_readv", 310), ("process_vm_writev", 311), ("kcmp", 312),
        ("finit_module", 313), ("kexec_file_load", 320), ("bpf", 321), ("userfaultfd", 323),
        ("open_tree", 428), ("move_mount", 429), ("fsopen", 430), ("fsconfig", 431), ("fsmount", 432), ("fspick", 433),
        ("mount_setattr", 442),
    ];

    /// <summary>io_uring runs I/O outside seccomp's view; clone3 hides its flags in memory BPF cannot read. ENOSYS makes libc fall back.</summary>
    public static readonly IReadOnlyList<(string Name, uint Number)> Unimplemented =
    [
        ("io_uring_setup", 425), ("io_uring_enter", 426), ("io_uring_register", 427), ("clone3", 435),
    ];

    public const uint SysClone = 56;
    public const uint SysIoctl = 16;

    // struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6].
    private const uint OffsetNr = 0;
    private const uint OffsetArch = 4;
    private const uint OffsetArg0Low = 16;
    private const uint OffsetArg1Low = 24;

    // Classic BPF opcodes.
    private const ushort LoadWordAbsolute = 0x20;  // BPF_LD | BPF_W | BPF_ABS
    private const ushort JumpIfEqual = 0x15;       // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JumpIfGreaterEqual = 0x35; // BPF_JMP | BPF_JGE | BPF_K
    private const ushort JumpIfAnySet = 0x45;      // BPF_JMP | BPF_JSET | BPF_K
    private const ushort Return = 0x06;            // BPF_RET | BPF_K

    public static bool IsSupportedHere => RuntimeInformation.OSArchitecture == Architecture.X64;

    /// <summary>The program as bubblewrap reads it: an array of struct sock_filter, little-endian.</summary>
    public static byte[] Build()
    {
        var program = Instructions();
        var bytes = new byte[program.Count * 8];
        for (var i = 0; i < program.Count; i++)
        {
            var span = bytes.AsSpan(i * 8, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(span, program[i].Code);
            span[2] = program[i].JumpTrue;
            span[3] = program[i].JumpFalse;
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], program[i].K);
        }

        return bytes;
    }

    internal readonly record struct Instruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K);

    internal static List<Instruction> Instructions()
    {
        var program = new List<Instruction>
        {
            new(LoadWordAbsolute, 0, 0, OffsetArch),
            new(JumpIfEqual, 1, 0, AuditArchX86_64),
            new(Return, 0, 0, RetKillProcess),
            new(LoadWordAbsolute, 0, 0, OffsetNr),
            new(JumpIfGreaterEqual, 0, 1, X32SyscallBit),
            new(Return, 0, 0, RetKillProcess),
        };

        foreach (var (_, number) in Denied)
        {
            program.Add(new(JumpIfEqual, 0, 1, number));
            program.Add(new(Return, 0, 0, RetErrno | EPERM));
        }

        foreach (var (_, number) in Unimplemented)
        {
            program.Add(new(JumpIfEqual, 0, 1, number));
            program.Add(new(Return, 0, 0, RetErrno | ENOSYS));
        }

        // clone: allowed unless it asks for a namespace (flags are the low word of arg0).
        program.Add(new(JumpIfEqual, 0, 4, SysClone));
        program.Add(new(LoadWordAbsolute, 0, 0, OffsetArg0Low));
        program.Add(new(JumpIfAnySet, 0, 1, CloneNamespaceFlags));
        program.Add(new(Return, 0, 0, RetErrno | EPERM));
        program.Add(new(Return, 0, 0, RetAllow));

        // ioctl: no faking keystrokes into a terminal (TIOCSTI) or poking the console (TIOCLINUX).
        program.Add(new(JumpIfEqual, 0, 4, SysIoctl));
        program.Add(new(LoadWordAbsolute, 0, 0, OffsetArg1Low));
        program.Add(new(JumpIfEqual, 1, 0, TIOCSTI));
        program.Add(new(JumpIfEqual, 0, 1, TIOCLINUX));
        program.Add(new(Return, 0, 0, RetErrno | EPERM));

        program.Add(new(Return, 0, 0, RetAllow));
        return program;
    }
}
