using Rapport.Sandbox.Isolation;
using Rapport.Sandbox.Languages;

namespace Rapport.Sandbox;

/// <summary>
/// Turns the facts of a run step into a verdict. The order matters: the kernel's OOM record
/// outranks how the process died (an OOM kill is a SIGKILL too), the sandbox's own stops come
/// before the exit status, and a clean exit is OK even if stderr has text.
/// </summary>
internal sealed record Judgement(Verdict Verdict, string Message, RuntimeErrorInfo? RuntimeError = null, IReadOnlyList<CompilerMessage>? SyntaxErrors = null)
{
    private const int SIGKILL = 9;
    private const int SIGXCPU = 24;

    public static Judgement Of(Language language, StepOutcome outcome, RunLimits limits)
    {
        var judgement = Decide(language, outcome, limits);
        return outcome.ProcessLimitHits > 0 && judgement.Verdict != Verdict.Ok
            ? judgement with { Message = judgement.Message + CandidateMessages.ProcessLimit(limits.MaxProcesses) }
            : judgement;
    }

    private static Judgement Decide(Language language, StepOutcome outcome, RunLimits limits)
    {
        if (!outcome.Started)
        {
            return new(Verdict.SandboxError, CandidateMessages.SandboxError);
        }

        if (outcome.StopReason == StopReason.Cancelled)
        {
            return new(Verdict.Cancelled, CandidateMessages.Cancelled);
        }

        if (outcome.OomKills > 0)
        {
            return new(Verdict.MemoryLimit, CandidateMessages.MemoryLimit(limits.MemoryBytes));
        }

        if (outcome.StopReason == StopReason.CpuLimit || outcome.Signal == SIGXCPU || (outcome.Signal == SIGKILL && outcome.CpuTime >= limits.CpuTime))
        {
            return new(Verdict.CpuTimeLimit, CandidateMessages.CpuTimeLimit(limits.CpuTime));
        }

        if (outcome.StopReason == StopReason.WallLimit)
        {
            return new(Verdict.WallTimeLimit, CandidateMessages.WallTimeLimit(limits.WallTime, WallClockStop.Classify(outcome.RecentSpan, outcome.RecentCpuTime)));
        }

        if (outcome.StopReason == StopReason.OutputLimit)
        {
            return new(Verdict.OutputLimit, CandidateMessages.OutputLimit(limits.OutputBytes));
        }

        if (outcome.ExitCode == 0)
        {
            return new(Verdict.Ok, CandidateMessages.Ok(outcome.WallTime));
        }

        if (language.ReportsOutOfMemory(outcome.Stderr))
        {
            return new(Verdict.MemoryLimit, CandidateMessages.MemoryLimit(limits.MemoryBytes));
        }

        if (language.SyntaxErrorsInRun(outcome.Stderr) is { } syntaxErrors)
        {
            return new(Verdict.CompileError, CandidateMessages.CompileError(syntaxErrors, null), SyntaxErrors: syntaxErrors);
        }

        var error = language.ParseRuntimeError(outcome.Stderr, outcome.Signal);
        return new(Verdict.RuntimeError, CandidateMessages.RuntimeError(error, outcome.ExitCode), error);
    }
}
