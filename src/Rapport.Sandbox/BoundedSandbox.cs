namespace Rapport.Sandbox;

/// <summary>
/// Bounded admission in front of a sandbox: a fixed number of runs at once (one per core by
/// default) and a short queue; beyond that a run is answered at once with
/// <see cref="Verdict.Busy"/> and an estimate of when to retry, never left waiting unboundedly.
/// </summary>
public sealed class BoundedSandbox : ISandbox, IDisposable
{
    private readonly ISandbox inner;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim slots;
    private readonly int workers;
    private readonly int capacity;
    private int admitted;
    private long recentRunTicks = TimeSpan.FromSeconds(1).Ticks;

    public BoundedSandbox(ISandbox inner, TimeProvider time, int workers, int maxWaiting)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWaiting);
        this.inner = inner;
        this.time = time;
        this.workers = workers;
        capacity = workers + maxWaiting;
        slots = new SemaphoreSlim(workers, workers);
    }

    /// <summary>Runs admitted now: running plus waiting.</summary>
    public int Admitted => Volatile.Read(ref admitted);

    public Task<IReadOnlyList<LanguageInfo>> GetLanguagesAsync(CancellationToken cancellationToken) => inner.GetLanguagesAsync(cancellationToken);

    public async Task<RunResult> RunAsync(RunRequest request, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref admitted) > capacity)
        {
            Interlocked.Decrement(ref admitted);
            var retryAfter = RetryAfter();
            return new RunResult
            {
                Verdict = Verdict.Busy,
                Message = CandidateMessages.Busy(retryAfter),
                Language = request.Language,
                CodeSha256 = CodeHash.Of(request.Source),
                RetryAfter = retryAfter,
            };
        }

        try
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var started = time.GetTimestamp();
                var result = await inner.RunAsync(request, output, cancellationToken);
                // A moving average of how long a run holds a worker, for the retry estimate.
                var elapsed = time.GetElapsedTime(started).Ticks;
                Interlocked.Exchange(ref recentRunTicks, (Interlocked.Read(ref recentRunTicks) * 7 + elapsed) / 8);
                return result;
            }
            finally
            {
                slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref admitted);
        }
    }

    public void Dispose() => slots.Dispose();

    /// <summary>The time for the queue ahead to drain through the workers, at least a second.</summary>
    private TimeSpan RetryAfter()
    {
        var ahead = Math.Max(1, Admitted - workers + 1);
        var estimate = TimeSpan.FromTicks(Interlocked.Read(ref recentRunTicks) * ahead / workers);
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(estimate.TotalSeconds)));
    }
}
