using System.Text;
using System.Text.Json.Nodes;
using Rapport.Features.Questions.Format;
using Rapport.Sandbox;
using SandboxTestCase = Rapport.Sandbox.TestCase;

namespace Rapport.Features.Questions.Testing;

/// <summary>
/// One question test as the candidate may see it. For a hidden test only the name, whether it
/// passed and a message without its input or expected value; <see cref="Call"/>,
/// <see cref="Expected"/> and <see cref="Actual"/> are filled in for visible tests only.
/// </summary>
public sealed record QuestionTestOutcome(string Name, bool Visible, bool Passed, string Message, string? Call, string? Expected, string? Actual);

/// <summary>
/// Turns a question's tests (calls into the candidate's Python, see docs/question-format.md) into
/// a sandbox run: the harness with the candidate's code is compiled once and run once per case,
/// each case in a fresh process with its own limits, so one endless case cannot take the others
/// with it. The harness prints one line per case; this reads it back.
/// </summary>
public static class QuestionTestProgram
{
    /// <summary>The only language the harness is written in; the question format enforces it.</summary>
    public const string Language = "python";

    private const string Passed = "passed";

    private static readonly Lazy<string> Harness = new(() =>
    {
        using var resource = typeof(QuestionTestProgram).Assembly.GetManifestResourceStream("Rapport.QuestionHarness.py")
            ?? throw new InvalidOperationException("The question harness is missing from the build.");
        using var reader = new StreamReader(resource, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    public static RunRequest Build(QuestionTests tests, string solution, RunLimits? limits = null)
    {
        var source = $"""
            import base64
            SETUP = base64.b64decode("{Convert.ToBase64String(Encoding.UTF8.GetBytes(tests.Setup))}").decode("utf-8")
            SOLUTION = base64.b64decode("{Convert.ToBase64String(Encoding.UTF8.GetBytes(solution))}").decode("utf-8")

            """ + Harness.Value;
        return new RunRequest
        {
            Language = Language,
            Source = source,
            Limits = limits,
            // Every case is "visible" to the sandbox so that its line comes back; what the
            // candidate may see is decided in Read, from the question's own flag.
            Tests = [.. tests.Cases.Select(c => new SandboxTestCase
            {
                Name = c.Name,
                Stdin = CaseJson(c),
                ExpectedOutput = Passed,
                IsVisible = true,
            })],
        };
    }

    /// <summary>Per case, what the candidate may see. Empty when the run never reached the tests (see the run's verdict).</summary>
    public static IReadOnlyList<QuestionTestOutcome> Read(QuestionTests tests, RunResult result)
    {
        var byName = result.Tests.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var outcomes = new List<QuestionTestOutcome>();
        foreach (var test in tests.Cases)
        {
            if (!byName.TryGetValue(test.Name, out var ran))
            {
                continue;
            }

            var line = (ran.ActualOutput ?? "").Trim();
            var expected = test.Check is null ? test.ExpectedJson : $"a result for which `{test.Check}` holds";
            outcomes.Add(ran.Passed
                ? new QuestionTestOutcome(test.Name, test.Visible, true, "Passed.", Shown(test, test.Call), Shown(test, expected), null)
                : new QuestionTestOutcome(test.Name, test.Visible, false, Message(test, ran, line), Shown(test, test.Call), Shown(test, expected), Shown(test, Actual(line))));
        }

        return outcomes;
    }

    private static string CaseJson(Format.TestCase test) => new JsonObject
    {
        ["call"] = test.Call,
        ["expected"] = test.ExpectedJson is null ? null : JsonNode.Parse(test.ExpectedJson),
        ["tolerance"] = test.Tolerance,
        ["check"] = test.Check,
        ["visible"] = test.Visible,
    }.ToJsonString();

    private static string? Shown(Format.TestCase test, string? value) => test.Visible ? value : null;

    private static string? Actual(string line) =>
        line.StartsWith("actual: ", StringComparison.Ordinal) ? line["actual: ".Length..] : null;

    private static string Message(Format.TestCase test, TestCaseResult ran, string line)
    {
        if (ran.Verdict is not (Verdict.Ok or Verdict.TestsFailed))
        {
            // Out of time or memory, or a crash of the whole process: the sandbox's own words, except
            // a crash's detail on a hidden test, which could echo its input.
            return test.Visible || ran.Verdict != Verdict.RuntimeError ? ran.Message : "Your program stopped with an error on this hidden test.";
        }

        if (line.StartsWith("error: ", StringComparison.Ordinal))
        {
            return $"Your code raised {line["error: ".Length..]}.";
        }

        return test.Visible
            ? "Your function returned a different value than expected."
            : "Your function returned a different value than expected (this test is hidden, so its input is not shown).";
    }
}
