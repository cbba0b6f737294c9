namespace Rapport.Features.Rooms;

/// <summary>
/// One lock per room, so a room's events get their sequence numbers (and its pad its versions) in
/// the order they are accepted. A room's lock exists only while someone holds it or waits for it:
/// a server that has hosted thousands of interviews keeps none of their locks.
/// </summary>
public sealed class RoomLocks
{
    private readonly Dictionary<Guid, Gate> gates = [];

    /// <summary>How many rooms have a lock right now (held or waited for).</summary>
    public int Count
    {
        get
        {
            lock (gates)
            {
                return gates.Count;
            }
        }
    }

    public async Task<IDisposable> EnterAsync(Guid interviewId, CancellationToken ct)
    {
        var gate = Take(interviewId);
        try
        {
            await gate.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Put(interviewId, gate);
            throw;
        }

        return new Held(this, interviewId, gate);
    }

    /// <summary>The room's lock if nobody holds it now, without waiting; null when it is in use.</summary>
    public IDisposable? TryEnter(Guid interviewId)
    {
        var gate = Take(interviewId);
        if (gate.Semaphore.Wait(0))
        {
            return new Held(this, interviewId, gate);
        }

        Put(interviewId, gate);
        return null;
    }

    /// <summary>Counts the caller among the gate's users (holding or waiting), making the gate if the room has none.</summary>
    private Gate Take(Guid interviewId)
    {
        lock (gates)
        {
            if (!gates.TryGetValue(interviewId, out var gate))
            {
                gates[interviewId] = gate = new Gate();
            }

            gate.Users++;
            return gate;
        }
    }

    /// <summary>The last user gone, nobody can be holding or waiting on the gate: the room lets it go.</summary>
    private void Put(Guid interviewId, Gate gate)
    {
        lock (gates)
        {
            if (--gate.Users == 0)
            {
                gates.Remove(interviewId);
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Holders and waiters; changed only under the dictionary's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class Held(RoomLocks locks, Guid interviewId, Gate gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Semaphore.Release();
                locks.Put(interviewId, gate);
            }
        }
    }
}
