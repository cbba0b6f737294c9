using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Sandbox;

namespace Rapport.Features.Questions.Testing;

/// <summary>
/// The checker's line for one case (question_checker.py): whether it passed, the answer as JSON
/// text, the candidate's error as their harness reported it, why the answer could not be read.
/// Everything in it but <see cref="Passed"/> comes from the candidate's program, so of a hidden
/// case <see cref="Message"/> uses only a standard error kind and a line number.
/// </summary>
internal sealed record CheckerVerdict(bool Passed, string? Actual, string? ErrorKind, int? ErrorLine, string? ErrorDetail, string? Unreadable, string? Problem)
{
    private static readonly CheckerVerdict None = new(false, null, null, null, null, null, null);

    public bool Answered => Actual is not null || ErrorKind is not null || Unreadable is not null || Problem is not null;

    public static CheckerVerdict Read(string? line)
    {
        if (line is null)
        {
            return None;
        }

        try
        {
            if (JsonNode.Parse(line) is not JsonObject verdict)
            {
                return None;
            }

            var error = verdict["error"] as JsonObject;
            return new CheckerVerdict(
                Bool(verdict["passed"]),
                Text(verdict["actual"]),
                error is null ? null : Text(error["kind"]) ?? "",
                error?["line"] is JsonValue lineNode && lineNode.TryGetValue(out int number) && number > 0 ? number : null,
                error is null ? null : Text(error["detail"]),
                Text(verdict["unreadable"]),
                Text(verdict["problem"]));
        }
        catch (JsonException)
        {
            return None;
        }
    }

    /// <summary>Why the case failed, in the candidate's terms: all of it for a visible case, no more than a standard kind and a line for a hidden one.</summary>
    public static string Message(bool visible, TestCaseResult ran, CheckerVerdict verdict)
    {
        if (ran.Verdict is not (Verdict.Ok or Verdict.TestsFailed))
        {
            // Out of time or memory, or the process crashed: the sandbox's words, already scrubbed for a hidden case.
            return ran.Message;
        }

        if (ran.CheckerOutput is null)
        {
            // The checker never answered for it (the question's tests are at fault, and operators are told).
            return CandidateMessages.NotChecked;
        }

        if (verdict.ErrorKind is { } kind)
        {
            var where = verdict.ErrorLine is { } line ? $" on line {line}" : "";
            return visible
                ? $"Your code raised {Printable(kind)}{where}{(string.IsNullOrEmpty(verdict.ErrorDetail) ? "" : ": " + Printable(verdict.ErrorDetail))}."
                : StandardErrorKinds.IsStandard(kind) ? $"Your code raised {kind}{where}." : $"Your code raised an exception{where}.";
        }

        if (verdict.Unreadable is { } why)
        {
            return visible && why.Length > 0
                ? $"Your function's result could not be checked: {Printable(why)}."
                : "Your function's result could not be checked: return numbers, strings, lists, tuples, dicts or NumPy arrays.";
        }

        if (verdict.Problem is not null)
        {
            return visible
                ? $"Your function's result is not of the kind this test expects (checking it raised {Printable(verdict.Problem.Replace("check raised ", "", StringComparison.Ordinal))}); is it the right type and shape?"
                : "Your function's result is not of the kind this test expects (this test is hidden, so its input is not shown).";
        }

        if (!verdict.Answered)
        {
            return "Your code ended before the test could read what your function returned (did it exit, or print over the test's output?).";
        }

        return visible
            ? "Your function returned a different value than expected."
            : "Your function returned a different value than expected (this test is hidden, so its input is not shown).";
    }

    private static bool Bool(JsonNode? node) => node is JsonValue value && value.TryGetValue(out bool flag) && flag;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    /// <summary>Control characters of the candidate's own text shown as escapes, so no text can rewrite what a page or terminal shows.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || c is '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069'
            ? $"\\u{(int)c:x4}"
            : c.ToString()));
}
