using Rapport.Sandbox;

namespace Rapport.Features.Runs.Workers;

/// <summary>
/// The sandbox of a web node that runs no code itself (<c>Sandbox:WorkersFile</c>, ADR 17): the
/// workers named in the file, asked how they are every <see cref="Poll"/>, the file read again
/// each time so workers can be added and removed while serving. A run goes to the least busy
/// worker that takes runs; a worker that cannot be reached, or is full, passes it to the next.
/// A worker that goes away mid-run ends it with a clear verdict, never a hang.
/// </summary>
public sealed partial class SandboxWorkers : ISandbox, IAsyncDisposable
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    private readonly string file;
    private readonly HttpClient http;
    private readonly WorkerSignature signature;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task polling;
    private volatile IReadOnlyList<SandboxWorker> workers = [];
    private string? fileProblem;

    public SandboxWorkers(string file, string secret, ILogger logger)
    {
        this.file = file;
        this.logger = logger;
        signature = new WorkerSignature(secret, TimeProvider.System);
        http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        })
        {
            // Runs stream for as long as they run; silence is watched line by line instead.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        polling = Task.Run(PollAsync);
    }

    /// <summary>The workers as last read from the file, with what each last said.</summary>
    public IReadOnlyList<SandboxWorker> Workers => workers;

    /// <summary>Runs this node has on its workers now.</summary>
    public int Running => workers.Sum(w => w.Running);

    /// <summary>Whether any worker takes runs, after the first round of asking; the operators' detail names each worker and why not.</summary>
    public async Task<(bool Available, string? Detail)> AvailabilityAsync(CancellationToken ct)
    {
        await firstRound.Task.WaitAsync(ct);
        var known = workers;
        if (known.Any(w => w.TakesRuns))
        {
            return (true, null);
        }

        var why = known.Count == 0
            ? $"{file} names no sandbox worker; add one address per line, like http://10.0.0.7:5090"
            : $"no sandbox worker takes runs: {string.Join("; ", known.Select(w => $"{w.Address} {w.Problem}"))}";
        return (false, fileProblem is null ? why : $"{why} ({fileProblem})");
    }

    /// <summary>What the workers run: the languages of the first worker that takes runs (workers of one cluster run one build).</summary>
    public async Task<IReadOnlyList<LanguageInfo>> GetLanguagesAsync(CancellationToken cancellationToken)
    {
        await firstRound.Task.WaitAsync(cancellationToken);
        return workers.FirstOrDefault(w => w.TakesRuns)?.Status?.Languages ?? [];
    }

    public async Task<RunResult> RunAsync(RunRequest request, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
    {
        await firstRound.Task.WaitAsync(cancellationToken);
        RunResult? busy = null;
        var problems = new List<string>();
        // Least busy first, by what this node has on each and what each said it had.
        var order = workers.Where(w => w.TakesRuns)
            .OrderBy(w => (double)(w.Running + w.Status!.Admitted) / Math.Max(1, w.Status.Slots))
            .ThenBy(_ => Random.Shared.Next())
            .ToList();
        foreach (var worker in order)
        {
            var (outcome, result, problem) = await worker.RunAsync(request, output, cancellationToken);
            switch (outcome)
            {
                case WorkerOutcome.Answered when result!.Verdict == Verdict.Busy:
                    busy = busy is null || result.RetryAfter < busy.RetryAfter ? result : busy;
                    continue;
                case WorkerOutcome.Answered:
                    return result;
                case WorkerOutcome.Stopped:
                    LogStoppedMidRun(worker.Address, problem!);
                    return new RunResult
                    {
                        Verdict = Verdict.SandboxError,
                        Message = RunnerStopped,
                        Language = request.Language,
                        CodeSha256 = CodeHash.Of(request.Source),
                        OperatorDetail = $"Sandbox worker {worker.Address} stopped during the run: {problem}.",
                    };
                default:
                    LogNotTaken(worker.Address, problem!);
                    problems.Add($"{worker.Address} {problem}");
                    continue;
            }
        }

        if (busy is not null)
        {
            return busy;
        }

        var (_, detail) = await AvailabilityAsync(cancellationToken);
        return new RunResult
        {
            Verdict = Verdict.Unavailable,
            Message = SandboxRuntime.UnavailableForPeople,
            Language = request.Language,
            CodeSha256 = CodeHash.Of(request.Source),
            OperatorDetail = problems.Count > 0 ? $"no sandbox worker took the run: {string.Join("; ", problems)}" : detail,
        };
    }

    /// <summary>For the people in the room: what happened and what to do, and that it was not their code.</summary>
    public const string RunnerStopped =
        "The runner stopped before your program finished. This is a problem on our side, not with your code: run it again.";

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await polling;
        }
        catch (OperationCanceledException)
        {
        }

        http.Dispose();
        stopping.Dispose();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(Poll);
        do
        {
            ReadFile();
            var current = workers;
            var said = await Task.WhenAll(current.Select(w => w.AskAsync(stopping.Token)));
            foreach (var (worker, change) in current.Zip(said))
            {
                if (change is not null)
                {
                    if (worker.Problem is null)
                    {
                        LogWorkerUp(change);
                    }
                    else
                    {
                        LogWorkerDown(change);
                    }
                }
            }

            firstRound.TrySetResult();
        }
        while (await timer.WaitForNextTickAsync(stopping.Token));
    }

    /// <summary>The file again: workers added join, workers removed take no new runs (their runs going on finish).</summary>
    private void ReadFile()
    {
        var (addresses, problem) = WorkerList.Read(file);
        if (problem is not null)
        {
            // Keep serving with the list as it was: a half-saved file must not take every worker away.
            if (problem != fileProblem)
            {
                LogFileProblem(problem);
            }

            fileProblem = problem;
            return;
        }

        fileProblem = null;
        var current = workers;
        if (addresses.SequenceEqual(current.Select(w => w.Address)))
        {
            return;
        }

        var next = addresses.Select(a => current.FirstOrDefault(w => w.Address == a) ?? new SandboxWorker(a, http, signature)).ToList();
        foreach (var gone in current.Where(w => !addresses.Contains(w.Address)))
        {
            LogWorkerRemoved(gone.Address, file);
        }

        workers = next;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox worker {Change}")]
    private partial void LogWorkerUp(string change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox worker {Change}")]
    private partial void LogWorkerDown(string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox worker {Address} was taken out of {File}: it gets no new runs")]
    private partial void LogWorkerRemoved(Uri address, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox worker {Address} did not take a run, so another was asked: {Problem}")]
    private partial void LogNotTaken(Uri address, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox worker {Address} stopped during a run, which ended with 'run it again': {Problem}")]
    private partial void LogStoppedMidRun(Uri address, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox:WorkersFile: {Problem}; the workers stay as they were until it is fixed")]
    private partial void LogFileProblem(string problem);
}
