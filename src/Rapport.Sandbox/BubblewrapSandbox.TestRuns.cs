using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Sandbox.Isolation;
using Rapport.Sandbox.Languages;

namespace Rapport.Sandbox;

/// <summary>
/// Tests: the program runs once per test, each in a fresh process; a test passes when its output
/// matches, or, when the request has a <see cref="Checker"/>, when the checker says so. Of a hidden
/// test nothing the candidate's program wrote comes back: not its output, not an error's detail,
/// not an exit code, not an error kind that is not a standard one (<see cref="StandardErrorKinds"/>).
/// </summary>
public sealed partial class BubblewrapSandbox
{
    /// <summary>Processor time one press of Run tests may use across its tests, so slow code cannot hold a worker for tests × the limit.</summary>
    public static readonly TimeSpan TestsCpuBudget = TimeSpan.FromSeconds(10);

    /// <summary>The checker's output for every test together: lines of a few KB each at most.</summary>
    private const int CheckerOutputBytes = 4 * 1024 * 1024;

    private async Task<RunResult> RunTestsAsync(
        RunResult result, Language language, SandboxCommand command, RunLimits limits, int uid, RunRequest request, CancellationToken cancellationToken)
    {
        // Hopelessly slow code should not hold a worker for tests × wall time.
        var budget = TimeSpan.FromTicks(Math.Max(limits.WallTime.Ticks * 3, TimeSpan.FromSeconds(30).Ticks));
        var spent = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        long? peak = null;
        var processLimit = false;
        var ran = new List<(TestCase Test, StepOutcome? Outcome, Judgement? Judgement)>();
        var unexplained = new List<string>();

        if (language.SyntaxCheckArguments is { } syntaxCheck)
        {
            var check = await steps!.RunAsync(command with { Arguments = syntaxCheck }, StepLimits.From(limits), uid, [], null, cancellationToken);
            if (check.ExitCode != 0 && language.SyntaxErrorsInRun(check.Stderr) is { } syntaxErrors)
            {
                return result with
                {
                    Verdict = Verdict.CompileError,
                    Message = CandidateMessages.CompileError(syntaxErrors, null),
                    CompilerMessages = syntaxErrors,
                    Stderr = Language.WithoutSandboxPaths(check.Stderr),
                };
            }
        }

        foreach (var test in request.Tests)
        {
            var cpuLeft = TestsCpuBudget - cpu;
            if (spent >= budget || cpuLeft <= TimeSpan.Zero)
            {
                ran.Add((test, null, null));
                continue;
            }

            // The last test may get less than the language's limit: what is left of the press's budget.
            var testLimits = cpuLeft < limits.CpuTime ? limits with { CpuTime = cpuLeft } : limits;
            var outcome = await steps!.RunAsync(command, StepLimits.From(testLimits), uid, Encoding.UTF8.GetBytes(test.Stdin), null, cancellationToken);
            spent += outcome.WallTime;
            cpu += outcome.CpuTime;
            peak = Math.Max(peak ?? 0, outcome.PeakMemoryBytes ?? 0);
            processLimit |= outcome.ProcessLimitHits > 0;

            var judgement = Judgement.Of(language, outcome, testLimits);
            if (judgement.Verdict == Verdict.CpuTimeLimit && testLimits != limits)
            {
                judgement = judgement with { Message = "Stopped: " + CandidateMessages.TestsCpuBudgetUsed(TestsCpuBudget) };
            }

            if (judgement.Verdict is Verdict.SandboxError or Verdict.Cancelled)
            {
                // The same for every test: report it once, as the run's verdict. (A "syntax error"
                // while a test runs is not one of these: the syntax check above found none, so it
                // is the program's own doing, an eval of its input or a forged report.)
                return result with
                {
                    Verdict = judgement.Verdict,
                    Message = judgement.Message,
                    CompilerMessages = judgement.SyntaxErrors ?? result.CompilerMessages,
                    Stderr = test.IsVisible ? Language.WithoutSandboxPaths(outcome.Stderr) : "",
                    OperatorDetail = outcome.SetupError,
                };
            }

            if (judgement is { Verdict: Verdict.RuntimeError, RuntimeError: null })
            {
                // The candidate hears only that it stopped with an error; operators get what each layer said.
                unexplained.Add($"test \"{test.Name}\" stopped with no error the language explains: {outcome.Account()}");
            }

            ran.Add((test, outcome, judgement));
        }

        var checking = request.Checker is { } checker
            ? await RunCheckerAsync(checker, ran, uid, cancellationToken)
            : null;
        var results = ran.Select(r => r.Outcome is null || r.Judgement is null
            ? NotRun(r.Test, cpu >= TestsCpuBudget)
            : TestResult(r.Test, r.Outcome, r.Judgement, checking)).ToList();
        var passed = results.Count(r => r.Passed);
        return result with
        {
            Verdict = passed == results.Count ? Verdict.Ok : Verdict.TestsFailed,
            Message = passed == results.Count ? CandidateMessages.AllTestsPassed(results.Count) : CandidateMessages.TestsFailed(passed, results.Count),
            Tests = results,
            CpuTime = cpu + (checking?.CpuTime ?? TimeSpan.Zero),
            WallTime = spent + (checking?.WallTime ?? TimeSpan.Zero),
            PeakMemoryBytes = peak,
            ProcessLimitReached = processLimit,
            OperatorDetail = unexplained.Prepend(checking?.Failure).OfType<string>().ToList() is { Count: > 0 } details ? string.Join("\n", details) : null,
        };
    }

    private static TestCaseResult NotRun(TestCase test, bool cpuBudgetUsed) => new()
    {
        Name = test.Name,
        IsVisible = test.IsVisible,
        Passed = false,
        Verdict = Verdict.Cancelled,
        Message = cpuBudgetUsed
            ? "Not run: " + CandidateMessages.TestsCpuBudgetUsed(TestsCpuBudget)
            : "Not run: the tests before it used up the time for this run.",
    };

    private static TestCaseResult TestResult(TestCase test, StepOutcome outcome, Judgement judgement, Checking? checking)
    {
        var verdict = checking?.Lines.GetValueOrDefault(test.Name);
        var checkerLine = verdict?.Line;
        var checkedOk = checking is null
            ? OutputComparer.Matches(test.ExpectedOutput, outcome.Stdout, test.Tolerance)
            : verdict?.Passed == true;
        var passed = judgement.Verdict == Verdict.Ok && checkedOk;
        var message =
            passed ? "Passed."
            : judgement.Verdict == Verdict.Ok && checking is not null && checkerLine is null ? CandidateMessages.NotChecked
            : judgement.Verdict == Verdict.Ok ? CandidateMessages.WrongAnswer(test.IsVisible)
            : test.IsVisible ? judgement.Message
            : HiddenFailure(judgement);
        return new TestCaseResult
        {
            Name = test.Name,
            IsVisible = test.IsVisible,
            Passed = passed,
            Verdict = passed ? Verdict.Ok : judgement.Verdict is Verdict.Ok ? Verdict.TestsFailed : judgement.Verdict is Verdict.CompileError ? Verdict.RuntimeError : judgement.Verdict,
            Message = message,
            Stdin = test.IsVisible ? test.Stdin : null,
            ExpectedOutput = test.IsVisible && checking is null ? test.ExpectedOutput : null,
            ActualOutput = test.IsVisible ? outcome.Stdout : null,
            CheckerOutput = checkerLine,
            CpuTime = outcome.CpuTime,
            WallTime = outcome.WallTime,
        };
    }

    /// <summary>Of a hidden test: a standard error kind and a line of the candidate's code at most; limits in the sandbox's own words.</summary>
    private static string HiddenFailure(Judgement judgement) => judgement.Verdict switch
    {
        Verdict.RuntimeError when judgement.RuntimeError is { } error =>
            CandidateMessages.RuntimeError(error with { Kind = StandardErrorKinds.Shown(error.Kind), Detail = "" }, null) + " (this test is hidden).",
        Verdict.CompileError when judgement.SyntaxErrors is [var first, ..] =>
            CandidateMessages.RuntimeError(new RuntimeErrorInfo(StandardErrorKinds.Shown(first.Code), "", first.Line > 0 ? first.Line : null), null) + " (this test is hidden).",
        Verdict.RuntimeError or Verdict.CompileError => CandidateMessages.HiddenTestError,
        _ => judgement.Message,
    };

    /// <summary>
    /// The checker, once, after every test: a box and a process of its own (the tests' processes
    /// are gone, their cgroups emptied), given each test's checker input and the program's output.
    /// </summary>
    private async Task<Checking> RunCheckerAsync(Checker checker, List<(TestCase Test, StepOutcome? Outcome, Judgement? Judgement)> ran, int uid, CancellationToken cancellationToken)
    {
        var language = catalogue.Find(checker.Language)!;
        var limits = language.DefaultLimits with { OutputBytes = CheckerOutputBytes };
        using var box = RunDirectory.Create(host!);
        box.Write(language.FileName, Encoding.UTF8.GetBytes(checker.Source));
        var compile = await language.CompileAsync(new LanguageContext(host!, steps!, csharp!, uid, box), checker.Source, cancellationToken);
        if (!compile.Success)
        {
            return Checking.Failed($"The tests' checker did not compile: {compile.Problem ?? string.Join("; ", compile.Messages.Select(m => $"line {m.Line}: {m.Text}"))}");
        }

        var input = new JsonArray(ran.Select(r => new JsonObject
        {
            ["name"] = r.Test.Name,
            ["input"] = r.Test.CheckerInput is { } checkerInput ? JsonNode.Parse(checkerInput) : null,
            ["output"] = r.Judgement?.Verdict == Verdict.Ok ? r.Outcome!.Stdout : null,
        }).ToArray<JsonNode?>());
        var command = language.RunCommand(limits);
        command = command with { Mounts = [.. command.Mounts, new BindMount(box.Path, SandboxPaths.Box, Writable: false)] };
        var outcome = await steps!.RunAsync(command, StepLimits.From(limits), uid, Encoding.UTF8.GetBytes(input.ToJsonString()), null, cancellationToken);
        var judgement = Judgement.Of(language, outcome, limits);
        var lines = new Dictionary<string, CheckerLine>(StringComparer.Ordinal);
        foreach (var line in outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CheckerLine.Parse(line) is { } parsed)
            {
                lines.TryAdd(parsed.Name, parsed);
            }
        }

        var failure = judgement.Verdict == Verdict.Ok && lines.Count == ran.Count
            ? null
            : $"The tests' checker answered {lines.Count} of {ran.Count} tests ({judgement.Verdict}: {judgement.Message}). Its stderr: {Tail(outcome.Stderr)}";
        return new Checking(lines, failure, outcome.CpuTime, outcome.WallTime);
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];

    /// <summary>What the checker said, by test name; a failure for operators when it did not answer for every test.</summary>
    private sealed record Checking(IReadOnlyDictionary<string, CheckerLine> Lines, string? Failure, TimeSpan CpuTime, TimeSpan WallTime)
    {
        public static Checking Failed(string failure) => new(new Dictionary<string, CheckerLine>(), failure, TimeSpan.Zero, TimeSpan.Zero);
    }

    /// <summary>One line of the checker's: the test it is about, whether it passed, and the line itself for the caller.</summary>
    private sealed record CheckerLine(string Name, bool Passed, string Line)
    {
        public static CheckerLine? Parse(string line)
        {
            try
            {
                return JsonNode.Parse(line) is JsonObject verdict && verdict["name"] is JsonValue name && name.TryGetValue(out string? text)
                    ? new CheckerLine(text, verdict["passed"] is JsonValue passed && passed.TryGetValue(out bool value) && value, line)
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
