namespace Rapport.Sandbox;

/// <summary>
/// Everything one run produced. <see cref="Message"/> is written for the candidate; the rest is
/// for the room, the record of the run, and operators.
/// </summary>
public sealed record RunResult
{
    public required Verdict Verdict { get; init; }

    /// <summary>What happened, in calm words a nervous candidate can act on.</summary>
    public required string Message { get; init; }

    public required string Language { get; init; }

    public string? LanguageVersion { get; init; }

    /// <summary>SHA-256 of the source (hex), so every run can be recorded without storing the code twice.</summary>
    public required string CodeSha256 { get; init; }

    public RunLimits? Limits { get; init; }

    /// <summary>The program's exit status; null when it was killed by a signal or never ran.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the program (9 = killed), if any.</summary>
    public int? Signal { get; init; }

    public TimeSpan CompileTime { get; init; }

    /// <summary>CPU time of every process of the run together, from its cgroup.</summary>
    public TimeSpan CpuTime { get; init; }

    public TimeSpan WallTime { get; init; }

    public long? PeakMemoryBytes { get; init; }

    public string Stdout { get; init; } = "";

    public string Stderr { get; init; } = "";

    public bool OutputTruncated { get; init; }

    /// <summary>True when the program tried to start more processes or threads than allowed.</summary>
    public bool ProcessLimitReached { get; init; }

    /// <summary>Compiler errors and warnings, with line numbers of the candidate's own file.</summary>
    public IReadOnlyList<CompilerMessage> CompilerMessages { get; init; } = [];

    public RuntimeErrorInfo? RuntimeError { get; init; }

    public IReadOnlyList<TestCaseResult> Tests { get; init; } = [];

    /// <summary>With <see cref="Verdict.Busy"/>: when trying again is likely to find a free worker.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For operators only, never shown to candidates: why the sandbox failed or is unavailable.</summary>
    public string? OperatorDetail { get; init; }
}

public sealed record CompilerMessage(string Severity, int Line, int Column, string Code, string Text);

/// <summary>An uncaught exception or crash: its kind ("ZeroDivisionError", "segmentation fault"), detail and line.</summary>
public sealed record RuntimeErrorInfo(string Kind, string Detail, int? Line);

/// <summary>
/// One test's outcome. Input, expected and actual output are only filled in for visible tests.
/// </summary>
public sealed record TestCaseResult
{
    public required string Name { get; init; }

    public required bool IsVisible { get; init; }

    public required bool Passed { get; init; }

    /// <summary>Ok when it passed; otherwise why it failed (a wrong answer is TestsFailed).</summary>
    public required Verdict Verdict { get; init; }

    public required string Message { get; init; }

    public string? Stdin { get; init; }

    public string? ExpectedOutput { get; init; }

    public string? ActualOutput { get; init; }

    /// <summary>With a checker: its line for this test (visible tests only), for the caller to read.</summary>
    public string? CheckerOutput { get; init; }

    public TimeSpan CpuTime { get; init; }

    public TimeSpan WallTime { get; init; }
}
