using System.Collections.Concurrent;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// Keeps a few <see cref="PrestartedSandbox"/>es ready, so a plain run skips the namespace and
/// cgroup setup (about half of a Python hello world's time). Refilled in the background after
/// each take; a run that finds none ready simply sets up its own.
/// </summary>
internal sealed class PrestartedSandboxes(SandboxHost host, int count) : IAsyncDisposable
{
    private readonly ConcurrentQueue<PrestartedSandbox> ready = new();
    private Task refill = Task.CompletedTask;
    private int refilling;
    private bool disposed;

    public void Refill()
    {
        if (count <= 0 || Volatile.Read(ref disposed) || Interlocked.Exchange(ref refilling, 1) == 1)
        {
            return;
        }

        refill = Task.Run(async () =>
        {
            try
            {
                while (!Volatile.Read(ref disposed) && ready.Count < count && await PrestartedSandbox.StartAsync(host) is { } sandbox)
                {
                    ready.Enqueue(sandbox);
                }
            }
#pragma warning disable CA1031 // A failed prestart only costs speed: runs fall back to setting up their own sandbox.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                Volatile.Write(ref refilling, 0);
            }
        });
    }

    /// <summary>A ready sandbox whose PID 1 is still waiting, or null.</summary>
    public PrestartedSandbox? TryTake()
    {
        PrestartedSandbox? taken = null;
        while (taken is null && ready.TryDequeue(out var candidate))
        {
            if (candidate.Process.HasExited)
            {
                candidate.Dispose();
            }
            else
            {
                taken = candidate;
            }
        }

        Refill();
        return taken;
    }

    /// <summary>Waits for a refill in flight, then kills and removes every sandbox still waiting.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref disposed, true);
        await refill;
        while (ready.TryDequeue(out var sandbox))
        {
            sandbox.Dispose();
        }
    }
}
