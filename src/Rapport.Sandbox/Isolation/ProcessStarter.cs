using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// Starts every sandbox process from one thread that lives as long as the host. bubblewrap's
/// --die-with-parent uses PR_SET_PDEATHSIG, which fires when the parent *thread* exits; a
/// thread-pool thread that retired while idle would otherwise kill a perfectly healthy run.
/// </summary>
internal static class ProcessStarter
{
    private static readonly BlockingCollection<(ProcessStartInfo StartInfo, TaskCompletionSource<Process> Started)> Requests = [];

    static ProcessStarter()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "rapport-sandbox-starter" };
        thread.Start();
    }

    public static Task<Process> StartAsync(ProcessStartInfo startInfo)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((startInfo, started));
        return started.Task;
    }

    private static void Serve()
    {
        foreach (var (startInfo, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                Native.MarkDescriptorsCloseOnExec();
                started.SetResult(Process.Start(startInfo) ?? throw new InvalidOperationException($"{startInfo.FileName} did not start."));
            }
#pragma warning disable CA1031 // The failure belongs to the caller, who awaits it; this thread must live on.
            catch (Exception error)
#pragma warning restore CA1031
            {
                started.SetException(error);
            }
        }
    }
}
