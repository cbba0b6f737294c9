using System.Globalization;

namespace Rapport.Sandbox;

/// <summary>
/// What the candidate reads after pressing Run. Written for someone nervous: say what happened,
/// point at their line, suggest the usual cause, never blame, never dump operator details.
/// </summary>
public static class CandidateMessages
{
    public static string Ok(TimeSpan wall) =>
        $"Your program ran successfully in {Seconds(wall)}.";

    public static string CompileError(IReadOnlyList<CompilerMessage> messages, string? problem)
    {
        if (problem is not null)
        {
            return problem;
        }

        var errors = messages.Where(m => m.Severity == "error").ToList();
        if (errors.Count == 0)
        {
            return "Your code didn't compile. The compiler's output is below.";
        }

        var first = errors[0];
        var where = first.Line > 0 ? $" on line {first.Line}" : "";
        var more = errors.Count > 1 ? $" ({errors.Count - 1} more below)" : "";
        return $"Your code didn't compile: {first.Text}{where}{more}. Compile errors are a normal part of writing code; fix this one and run again.";
    }

    public static string RuntimeError(RuntimeErrorInfo? error, int? exitCode)
    {
        if (error is null)
        {
            return $"Your program ended with exit code {exitCode}. A non-zero exit code usually means it reported a problem; see its output below.";
        }

        var where = error.Line is { } line ? $" on line {line}" : "";
        var detail = error.Detail.Length > 0 ? $": {error.Detail}" : "";
        return $"Your program stopped with {Article(error.Kind)} {error.Kind}{where}{detail}";
    }

    public static string CpuTimeLimit(TimeSpan limit) =>
        $"Your program used more than {Seconds(limit)} of processor time, so we stopped it. This usually means a loop that never ends, or an approach that is too slow for this input.";

    /// <summary>
    /// What the program was doing when it was stopped (<see cref="WallClockStop"/>, from the processor
    /// time it used, not the clock): waiting or sleeping, or a loop, told the server was busy when it
    /// had less than half a processor.
    /// </summary>
    public static string WallTimeLimit(TimeSpan limit, StoppedWhile doing) => doing == StoppedWhile.Waiting
        ? $"Your program was still running after {Seconds(limit)} without using much processor time, so we stopped it. Is it waiting for input that never comes, or sleeping?"
        : $"Your program was still running after {Seconds(limit)} and using all the processor time it could get, so we stopped it. This usually means a loop that never ends, or an approach that is too slow for this input."
          + (doing == StoppedWhile.ComputingOnABusyServer ? " (The server was busy, so it had less processor time than usual.)" : "");

    public static string MemoryLimit(long limitBytes) =>
        $"Your program ran out of memory (the limit is {limitBytes / RunLimits.MiB} MB), so it was stopped. Look for a list or array that keeps growing, or recursion that goes very deep.";

    public static string OutputLimit(int limitBytes) =>
        $"Your program printed more than {limitBytes / 1024} KB, so we stopped it; the first {limitBytes / 1024} KB are shown. A print inside a loop that runs many times is the usual cause.";

    public static string ProcessLimit(int limit) =>
        $" It also tried to start more than {limit} processes or threads at once, which is not allowed here.";

    public static string TestsFailed(int passed, int total) =>
        $"{passed} of {total} tests passed. The visible tests below show what was expected; hidden tests only say whether they passed.";

    public static string TestsCpuBudgetUsed(TimeSpan budget) =>
        $"the tests used up the {Seconds(budget)} of processor time one press of Run tests may use, so we stopped there. Make the slow cases faster, then run the tests again.";

    public static string AllTestsPassed(int total) =>
        total == 1 ? "The test passed." : $"All {total} tests passed.";

    public static string WrongAnswer(bool visible) =>
        visible ? "The output differs from what was expected." : "The output differs from what was expected (this test is hidden).";

    public const string Unavailable =
        "Running code is switched off on this server right now, so nothing was run. This is a server setting, not a problem with your code; you can keep talking your solution through with your interviewer.";

    public const string SandboxError =
        "Something went wrong on our side while starting your program. It is not your code. Please press Run again.";

    public const string HiddenTestError = "Your program stopped with an error on this hidden test.";

    public const string NotChecked =
        "This test could not be checked because of a problem with the question's tests, not with your code. Your interviewer can see what happened.";

    public const string Cancelled = "The run was stopped before it finished.";

    public static string Busy(TimeSpan retryAfter) =>
        $"The server is busy running other code right now, so yours has not started. Please press Run again in {Math.Ceiling(retryAfter.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)} s.";

    private static string Seconds(TimeSpan time) =>
        time < TimeSpan.FromSeconds(1)
            ? $"{time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
            : $"{time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";

    private static string Article(string kind) =>
        kind.Length > 0 && "aeiouAEIOU".Contains(kind[0], StringComparison.Ordinal) ? "an" : "a";
}
