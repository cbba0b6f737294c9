using System.Collections.Concurrent;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// Hands each concurrent run its own unprivileged uid, so two runs can never signal or read each
/// other, and no run is ever uid 0 (bubblewrap started as root would map the sandbox to root).
/// </summary>
internal sealed class UidPool : IDisposable
{
    private readonly ConcurrentQueue<int> free;
    private readonly SemaphoreSlim available;

    public UidPool(int firstUid, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstUid, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        free = new ConcurrentQueue<int>(Enumerable.Range(firstUid, count));
        available = new SemaphoreSlim(count, count);
    }

    public async Task<Lease> LeaseAsync(CancellationToken cancellationToken)
    {
        await available.WaitAsync(cancellationToken);
        if (!free.TryDequeue(out var uid))
        {
            available.Release();
            throw new InvalidOperationException("The uid pool's count and its queue disagree.");
        }

        return new Lease(this, uid);
    }

    /// <summary>A uid only if one is free right now.</summary>
    public Lease? TryLease()
    {
        if (!available.Wait(0))
        {
            return null;
        }

        if (!free.TryDequeue(out var uid))
        {
            available.Release();
            return null;
        }

        return new Lease(this, uid);
    }

    public void Dispose() => available.Dispose();

    private void Return(int uid)
    {
        free.Enqueue(uid);
        available.Release();
    }

    public sealed class Lease(UidPool pool, int uid) : IDisposable
    {
        private int returned;

        public int Uid { get; } = uid;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref returned, 1) == 0)
            {
                pool.Return(Uid);
            }
        }
    }
}
