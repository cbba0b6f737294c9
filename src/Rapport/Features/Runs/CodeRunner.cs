using System.Text;
using System.Text.Json;
using Rapport.Data;
using Rapport.Sandbox;

namespace Rapport.Features.Runs;

/// <summary>Who asked for a run, for its record.</summary>
public sealed record RunRequester(RunOrigin Origin, Guid? InterviewId, string RequestedBy, string? RequestedById, string? QuestionId = null, int? QuestionVersion = null);

/// <summary>
/// The host's door to the sandbox: every run goes through here and is recorded, whatever its
/// verdict (busy and unavailable included, so capacity problems show up in the records too).
/// </summary>
public sealed partial class CodeRunner(SandboxRuntime runtime, AppDbContext db, TimeProvider time, ILogger<CodeRunner> logger)
{
    /// <summary>Runs through the bounded queue and records the run. <paramref name="code"/> is the candidate's code as written, for the record's hash (a test run's source also holds the harness).</summary>
    public async Task<(CodeRun Record, RunResult Result)> RunAsync(RunRequester requester, RunRequest request, string code, IProgress<OutputChunk>? output, CancellationToken ct)
    {
        // Durations on the real clock (the app's clock stands still in tests); dates on the app's.
        var started = TimeProvider.System.GetTimestamp();
        var record = new CodeRun
        {
            Origin = requester.Origin,
            InterviewId = requester.InterviewId,
            RequestedBy = requester.RequestedBy,
            RequestedById = requester.RequestedById,
            QuestionId = requester.QuestionId,
            QuestionVersion = requester.QuestionVersion,
            Language = request.Language.Length > 32 ? request.Language[..32] : request.Language,
            CodeSha256 = CodeHash.Of(code),
            CodeBytes = Encoding.UTF8.GetByteCount(code),
            Verdict = nameof(Verdict.Unavailable),
            RequestedAt = time.GetUtcNow(),
        };

        var availability = await runtime.AvailabilityAsync(ct);
        var result = availability.Available
            ? await runtime.Jobs.RunAsync(request, output, ct)
            : new RunResult { Verdict = Verdict.Unavailable, Message = availability.Message, Language = request.Language, CodeSha256 = record.CodeSha256, OperatorDetail = availability.OperatorDetail };

        record.LanguageVersion = result.LanguageVersion;
        record.Limits = result.Limits is { } limits ? JsonSerializer.Serialize(RunLimitsJson.Describe(limits), JsonSerializerOptions.Web) : null;
        record.Verdict = result.Verdict.ToString();
        record.ExitCode = result.ExitCode;
        record.Signal = result.Signal;
        record.CompileMilliseconds = result.CompileTime.TotalMilliseconds;
        record.CpuMilliseconds = result.CpuTime.TotalMilliseconds;
        record.WallMilliseconds = result.WallTime.TotalMilliseconds;
        record.TotalMilliseconds = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        record.PeakMemoryBytes = result.PeakMemoryBytes;
        record.OutputTruncated = result.OutputTruncated;
        record.TestsTotal = request.Tests.Count > 0 ? request.Tests.Count : null;
        record.TestsPassed = request.Tests.Count > 0 ? result.Tests.Count(t => t.Passed) : null;
        record.FinishedAt = time.GetUtcNow();

        if (result.OperatorDetail is { } detail && result.Verdict is Verdict.SandboxError or Verdict.Unavailable)
        {
            LogSandboxProblem(record.Id, result.Verdict, detail);
        }
        else if (result.OperatorDetail is { } found)
        {
            // A checker that did not answer, or a test that ended in a way no verdict explains: the operators' to look into.
            LogOperatorDetail(record.Id, result.Verdict, found);
        }

        LogRun(record.Id, record.Language, record.Verdict, record.WallMilliseconds, record.TotalMilliseconds);
        db.CodeRuns.Add(record);
        // The record must not cost the candidate their result: a run is never rolled back.
        await db.SaveChangesAsync(CancellationToken.None);
        return (record, result);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Language}, {Verdict}, {WallMs:0} ms running, {TotalMs:0} ms in all")]
    private partial void LogRun(Guid runId, string language, string verdict, double wallMs, double totalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} ran ({Verdict}), with this for operators: {Detail}")]
    private partial void LogOperatorDetail(Guid runId, Verdict verdict, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} did not run ({Verdict}): {Detail}")]
    private partial void LogSandboxProblem(Guid runId, Verdict verdict, string detail);
}
