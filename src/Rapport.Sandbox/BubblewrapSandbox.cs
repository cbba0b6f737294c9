using System.Collections.Concurrent;
using System.Text;
using Rapport.Sandbox.CSharp;
using Rapport.Sandbox.Isolation;
using Rapport.Sandbox.Languages;

namespace Rapport.Sandbox;

/// <summary>
/// The sandbox on one Linux machine: bubblewrap namespaces, seccomp, unprivileged uids and a
/// cgroup per run. When a prerequisite is missing it still answers every run, with
/// <see cref="Verdict.Unavailable"/>: never a fallback to running code without isolation.
/// </summary>
public sealed partial class BubblewrapSandbox : ISandbox, IAsyncDisposable
{
    private readonly SandboxHost? host;
    private readonly LanguageCatalogue catalogue;
    private readonly StepRunner? steps;
    private readonly CSharpCompilerWorker? csharp;
    private readonly PrestartedSandboxes? prestarted;
    private readonly ConcurrentDictionary<string, Task<string>> versions = new();
    private readonly BackgroundCleanup cleanup = new();

    private BubblewrapSandbox(SandboxOptions options, SandboxHost? host, string? unavailableReason, TimeProvider time)
    {
        this.host = host;
        UnavailableReason = unavailableReason;
        catalogue = new LanguageCatalogue(options);
        if (host is not null)
        {
            steps = new StepRunner(host, time);
            csharp = new CSharpCompilerWorker(host, time);
            prestarted = new PrestartedSandboxes(host, options.PrestartedSandboxes);
            prestarted.Refill();
        }
    }

    /// <summary>The ids of every language the sandbox knows (python, javascript, cpp, csharp), for command lines and checks.</summary>
    public static IReadOnlyList<string> LanguageIds { get; } = [.. new LanguageCatalogue(new SandboxOptions()).All.Select(l => l.Id)];

    public bool IsAvailable => host is not null;

    /// <summary>For operators: why code cannot run here, with the fix.</summary>
    public string? UnavailableReason { get; }

    /// <summary>Detects what this machine offers; never throws for a missing prerequisite (see <see cref="UnavailableReason"/>).</summary>
    public static BubblewrapSandbox Create(SandboxOptions options, TimeProvider time)
    {
        try
        {
            return new BubblewrapSandbox(options, SandboxHost.Create(options), null, time);
        }
        catch (SandboxSetupException error)
        {
            return new BubblewrapSandbox(options, null, $"{error.Message} Fix: {error.Fix}", time);
        }
    }

    public async Task<IReadOnlyList<LanguageInfo>> GetLanguagesAsync(CancellationToken cancellationToken)
    {
        var languages = new List<LanguageInfo>();
        foreach (var language in catalogue.All)
        {
            var version = await VersionAsync(language, cancellationToken) ?? "unavailable";
            languages.Add(new LanguageInfo(language.Id, language.DisplayName, version, language.FileName, language.CompileStep, language.RunStep, language.DefaultLimits));
        }

        return languages;
    }

    public async Task<RunResult> RunAsync(RunRequest request, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
    {
        var hash = CodeHash.Of(request.Source);
        var problems = RunRequestValidator.Problems(request, catalogue);
        var language = catalogue.Find(request.Language);
        if (problems.Count > 0 || language is null)
        {
            return new RunResult { Verdict = Verdict.Rejected, Message = string.Join(" ", problems), Language = request.Language, CodeSha256 = hash };
        }

        var limits = request.Limits ?? language.DefaultLimits;
        var result = new RunResult { Verdict = Verdict.Unavailable, Message = CandidateMessages.Unavailable, Language = language.Id, CodeSha256 = hash, Limits = limits };
        if (host is null || steps is null || csharp is null)
        {
            return result with { OperatorDetail = UnavailableReason };
        }

        try
        {
            result = result with { LanguageVersion = await VersionAsync(language, cancellationToken) };
            // A plain run with the standard /tmp and no extra mounts takes a sandbox set up in
            // advance, if one is ready.
            var command = language.RunCommand(limits);
            var canUsePrestarted = request.Tests.Count == 0 && limits.TmpBytes == PrestartedSandbox.SpawnLimits.TmpBytes && command.Mounts.Count == 0;
            var warm = canUsePrestarted ? prestarted!.TryTake() : null;
            using var warmTeardown = cleanup.Later(warm);
            using var ownUid = warm is null ? await host.Uids.LeaseAsync(cancellationToken) : null;
            using var ownBox = warm is null ? RunDirectory.Create(host) : null;
            var uid = warm?.Uid ?? ownUid!;
            var box = warm?.Box ?? ownBox!;
            box.Write(language.FileName, Encoding.UTF8.GetBytes(request.Source!));
            var context = new LanguageContext(host, steps, csharp, uid.Uid, box);

            var compile = await language.CompileAsync(context, request.Source!, cancellationToken);
            result = result with { CompileTime = compile.Elapsed, CompilerMessages = compile.Messages };
            if (!compile.Success)
            {
                return result with { Verdict = Verdict.CompileError, Message = CandidateMessages.CompileError(compile.Messages, compile.Problem) };
            }

            command = command with { Mounts = [.. command.Mounts, new BindMount(box.Path, SandboxPaths.Box, Writable: false)] };
            return request.Tests.Count == 0
                ? await RunOnceAsync(result, language, command, limits, uid.Uid, warm, request.Stdin, output, cancellationToken)
                : await RunTestsAsync(result, language, command, limits, uid.Uid, request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return result with { Verdict = Verdict.Cancelled, Message = CandidateMessages.Cancelled };
        }
        catch (SandboxSetupException error)
        {
            return result with { Verdict = Verdict.SandboxError, Message = CandidateMessages.SandboxError, OperatorDetail = $"{error.Message} Fix: {error.Fix}" };
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // The machine changed under us (a cgroup removed, a disk full): never the candidate's fault.
            return result with { Verdict = Verdict.SandboxError, Message = CandidateMessages.SandboxError, OperatorDetail = error.ToString() };
        }
    }

    /// <summary>Completes when every used sandbox handed to the background teardown so far is gone.</summary>
    internal Task TeardownsFinishedAsync() => cleanup.DrainAsync();

    public async ValueTask DisposeAsync()
    {
        await cleanup.DrainAsync();
        if (prestarted is not null)
        {
            await prestarted.DisposeAsync();
        }

        if (csharp is not null)
        {
            await csharp.DisposeAsync();
        }

        host?.Dispose();
    }

    private async Task<RunResult> RunOnceAsync(
        RunResult result, Language language, SandboxCommand command, RunLimits limits, int uid, PrestartedSandbox? warm, string stdin, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
    {
        var input = Encoding.UTF8.GetBytes(stdin);
        var outcome = warm is null
            ? await steps!.RunAsync(command, StepLimits.From(limits), uid, input, output, cancellationToken)
            : await steps!.RunPrestartedAsync(warm, command, StepLimits.From(limits), input, output, cancellationToken);
        var judgement = Judgement.Of(language, outcome, limits);
        return result with
        {
            Verdict = judgement.Verdict,
            Message = judgement.Message,
            CompilerMessages = judgement.SyntaxErrors ?? result.CompilerMessages,
            RuntimeError = judgement.RuntimeError,
            ExitCode = outcome.ExitCode,
            Signal = outcome.Signal,
            CpuTime = outcome.CpuTime,
            WallTime = outcome.WallTime,
            PeakMemoryBytes = outcome.PeakMemoryBytes,
            Stdout = outcome.Stdout,
            Stderr = Language.WithoutSandboxPaths(outcome.Stderr),
            OutputTruncated = outcome.OutputTruncated,
            ProcessLimitReached = outcome.ProcessLimitHits > 0,
            OperatorDetail = outcome.SetupError,
        };
    }

    private async Task<string?> VersionAsync(Language language, CancellationToken cancellationToken)
    {
        if (host is null || steps is null || csharp is null)
        {
            return null;
        }

        var reading = versions.GetOrAdd(language.Id, _ => ReadVersionAsync(language));
        try
        {
            return await reading.WaitAsync(cancellationToken);
        }
        catch (SandboxSetupException)
        {
            versions.TryRemove(new KeyValuePair<string, Task<string>>(language.Id, reading));
            throw;
        }
    }

    private async Task<string> ReadVersionAsync(Language language)
    {
        using var uid = await host!.Uids.LeaseAsync(CancellationToken.None);
        return await language.ReadVersionAsync(new LanguageContext(host, steps!, csharp!, uid.Uid, null), CancellationToken.None);
    }
}
