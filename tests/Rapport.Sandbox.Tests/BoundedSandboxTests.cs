namespace Rapport.Sandbox.Tests;

/// <summary>Admission policy only; the sandbox behind it is a stand-in that runs until released.</summary>
public sealed class BoundedSandboxTests
{
    [Fact]
    public async Task BeyondWorkersAndQueue_ARunIsBusyAtOnce_WithARetryEstimate()
    {
        var inner = new HeldSandbox();
        using var bounded = new BoundedSandbox(inner, TimeProvider.System, workers: 2, maxWaiting: 1);

        var running = Enumerable.Range(0, 3).Select(_ => bounded.RunAsync(Request, null, CancellationToken.None)).ToList();
        await inner.Started(2);
        var refused = await bounded.RunAsync(Request, null, CancellationToken.None);

        Assert.Equal(Verdict.Busy, refused.Verdict);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal("The server is busy running other code right now, so yours has not started. Please press Run again in 1 s.", refused.Message);
        Assert.Equal(3, bounded.Admitted);
        Assert.Equal(2, inner.Running);

        inner.Release.SetResult();
        Assert.All(await Task.WhenAll(running), r => Assert.Equal(Verdict.Ok, r.Verdict));
        Assert.Equal(0, bounded.Admitted);
    }

    [Fact]
    public async Task AWaitingRun_CanBeCancelled_AndLeavesTheQueue()
    {
        var inner = new HeldSandbox();
        using var bounded = new BoundedSandbox(inner, TimeProvider.System, workers: 1, maxWaiting: 1);
        using var cancel = new CancellationTokenSource();

        var first = bounded.RunAsync(Request, null, CancellationToken.None);
        await inner.Started(1);
        var waiting = bounded.RunAsync(Request, null, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, bounded.Admitted);
        inner.Release.SetResult();
        await first;
    }

    private static readonly RunRequest Request = new() { Language = "python", Source = "print(1)" };

    private sealed class HeldSandbox : ISandbox
    {
        private int running;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Running => Volatile.Read(ref running);

        public async Task Started(int count)
        {
            while (Running < count)
            {
                await Task.Delay(5);
            }
        }

        public async Task<RunResult> RunAsync(RunRequest request, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref running);
            await Release.Task;
            return new RunResult { Verdict = Verdict.Ok, Message = "", Language = request.Language, CodeSha256 = "" };
        }

        public Task<IReadOnlyList<LanguageInfo>> GetLanguagesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LanguageInfo>>([]);
    }
}
