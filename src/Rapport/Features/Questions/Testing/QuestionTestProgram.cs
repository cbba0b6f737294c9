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
/// a sandbox run in two parts that never share a process. The candidate's part runs the harness
/// with their code once per case, each case in a fresh process that is told only the case's call,
/// and prints the value the call returned. The checker's part runs once afterwards, with no code of
/// the candidate's, and alone holds each case's expected value or check: it rebuilds each answer
/// as plain data and decides. So the candidate's code can neither read a case it has not been shown
/// nor forge a verdict (docs/adr/0007-sandbox.md, "Hidden tests").
/// </summary>
public static class QuestionTestProgram
{
    /// <summary>The only language the harness is written in; the question format enforces it.</summary>
    public const string Language = "python";

    private static readonly Lazy<string> Harness = new(() => Resource("Rapport.QuestionHarness.py"));
    private static readonly Lazy<string> CheckerProgram = new(() => Resource("Rapport.QuestionChecker.py"));

    public static RunRequest Build(QuestionTests tests, string solution, RunLimits? limits = null) => new()
    {
        Language = Language,
        Source = Prelude(("SETUP", tests.Setup), ("SOLUTION", solution)) + Harness.Value,
        Limits = limits,
        // Of a hidden case the sandbox returns only the checker's line; Read shows of it what the
        // case's visibility allows.
        Tests = [.. tests.Cases.Select(c => new SandboxTestCase
        {
            Name = c.Name,
            Stdin = new JsonObject { ["call"] = c.Call }.ToJsonString(),
            ExpectedOutput = "",
            CheckerInput = CheckerInput(c),
            IsVisible = c.Visible,
        })],
        Checker = new Checker
        {
            Language = Language,
            Source = Prelude(("SETUP", tests.Setup), ("CHECK_SETUP", tests.CheckSetup)) + CheckerProgram.Value,
        },
    };

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

            var verdict = CheckerVerdict.Read(ran.CheckerOutput);
            var expected = test.Check is null ? test.ExpectedJson : $"a result for which `{test.Check}` holds";
            outcomes.Add(ran.Passed && verdict.Passed
                ? new QuestionTestOutcome(test.Name, test.Visible, true, "Passed.", Shown(test, test.Call), Shown(test, expected), null)
                : new QuestionTestOutcome(test.Name, test.Visible, false, CheckerVerdict.Message(test.Visible, ran, verdict), Shown(test, test.Call), Shown(test, expected), Shown(test, verdict.Actual)));
        }

        return outcomes;
    }

    private static string CheckerInput(Format.TestCase test) => new JsonObject
    {
        ["expected"] = test.ExpectedJson is null ? null : JsonNode.Parse(test.ExpectedJson),
        ["tolerance"] = test.Tolerance,
        ["check"] = test.Check,
    }.ToJsonString();

    /// <summary>Texts as base64 of UTF-8, so that no character in them can break the program around them.</summary>
    private static string Prelude(params (string Name, string Text)[] texts) =>
        "import base64\n"
        + string.Concat(texts.Select(t => $"{t.Name} = base64.b64decode(\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(t.Text))}\").decode(\"utf-8\")\n"))
        + "\n";

    private static string Resource(string name)
    {
        using var resource = typeof(QuestionTestProgram).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is missing from the build.");
        using var reader = new StreamReader(resource, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string? Shown(Format.TestCase test, string? value) => test.Visible ? value : null;
}
