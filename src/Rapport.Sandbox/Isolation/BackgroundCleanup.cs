using System.Collections.Concurrent;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// Tears down a used sandbox after its result has gone back to the caller. Everything the run
/// started is already dead by then (the run's step kills its cgroup before it returns); what is
/// left (removing the cgroup and the run directory, reaping bubblewrap, returning the uid) only
/// delays the answer, so it happens off the caller's path.
/// </summary>
internal sealed class BackgroundCleanup
{
    private readonly ConcurrentDictionary<Task, byte> pending = new();

    /// <summary>Disposes <paramref name="item"/> in the background when the returned handle is disposed.</summary>
    public IDisposable Later(IDisposable? item) => new Deferred(this, item);

    /// <summary>Completes when every cleanup handed over so far has finished.</summary>
    public Task DrainAsync() => Task.WhenAll(pending.Keys);

    private void Start(IDisposable item)
    {
        var task = Task.Run(item.Dispose);
        pending.TryAdd(task, 0);
        task.ContinueWith(t => pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private sealed class Deferred(BackgroundCleanup owner, IDisposable? item) : IDisposable
    {
        public void Dispose()
        {
            if (item is not null)
            {
                owner.Start(item);
            }
        }
    }
}
