using System.Runtime.InteropServices;

namespace Rapport.Sandbox.Isolation;

/// <summary>The few system calls .NET has no API for.</summary>
internal static partial class Native
{
    public const int SIGKILL = 9;
    private const int ESRCH = 3;
    private const int ENOSYS = 38;

    // pidfd_open and pidfd_send_signal have the same numbers on every architecture (since Linux 5.3).
    private const long SysPidfdSendSignal = 424;
    private const long SysPidfdOpen = 434;
    private const long SysCloseRange = 436;
    private const uint CloseRangeCloexec = 4;
    private const int FSetfd = 2;
    private const int FdCloexec = 1;

    public static void Chown(string path, int uid, int gid)
    {
        if (chown(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path} to {uid}:{gid} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Kills the process with this pid only if it still belongs to <paramref name="isStillOurs"/>:
    /// the pidfd pins the process, so a pid reused by an unrelated host process is never signalled.
    /// </summary>
    public static void KillIfStillOurs(int pid, Func<int, bool> isStillOurs)
    {
        var pidfd = syscall(SysPidfdOpen, pid, 0, 0, 0);
        if (pidfd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == ENOSYS && isStillOurs(pid))
            {
                _ = kill(pid, SIGKILL);  // kernels before 5.3: the small reuse window is accepted there
            }

            return;  // ESRCH: already gone
        }

        try
        {
            if (isStillOurs(pid))
            {
                _ = syscall(SysPidfdSendSignal, pidfd, SIGKILL, 0, 0);
            }
        }
        finally
        {
            _ = close((int)pidfd);
        }
    }

    /// <summary>
    /// Marks every descriptor above stderr close-on-exec, so nothing the host process inherited
    /// (a socket, a log file, a pipe of whatever started it) reaches a sandboxed program.
    /// .NET opens its own descriptors close-on-exec; this catches the rest.
    /// </summary>
    public static void MarkDescriptorsCloseOnExec()
    {
        if (syscall(SysCloseRange, 3, uint.MaxValue, CloseRangeCloexec, 0) == 0)
        {
            return;
        }

        // Kernels before 5.11: one by one.
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), System.Globalization.CultureInfo.InvariantCulture, out var fd) && fd > 2)
            {
                _ = fcntl(fd, FSetfd, FdCloexec);
            }
        }
    }

    public static bool IsAlive(int pid) => kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != ESRCH;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, int owner, int group);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long arg1, long arg2, long arg3, long arg4);
}
