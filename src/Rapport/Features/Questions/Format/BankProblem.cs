using Rapport.Infrastructure;

namespace Rapport.Features.Questions.Format;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>One thing wrong with a bank file: where, what, and how to fix it.</summary>
public sealed record BankProblem(string File, int Line, int Column, Severity Severity, string Message, string Fix)
{
    // Paths and messages quote what the file holds: shown escaped, so no file can send a
    // terminal an escape sequence or turn a page's text around.
    public override string ToString() =>
        ShownText.Quote($"{File}:{Line}:{Column}: {(Severity == Severity.Error ? "error" : "warning")}: {Message} Fix: {Fix}", int.MaxValue);
}

/// <summary>Collects problems for one file, with positions relative to the file.</summary>
public sealed class ProblemLog(string file, int lineOffset = 0)
{
    private readonly List<BankProblem> problems = [];

    public string File { get; } = file;

    public IReadOnlyList<BankProblem> Problems => problems;

    public bool HasErrors => problems.Any(p => p.Severity == Severity.Error);

    public void Error(int line, int column, string message, string fix) =>
        problems.Add(new BankProblem(File, line + lineOffset, column, Severity.Error, message, fix));

    public void Warning(int line, int column, string message, string fix) =>
        problems.Add(new BankProblem(File, line + lineOffset, column, Severity.Warning, message, fix));

    public ProblemLog Shifted(int lines)
    {
        var shifted = new ProblemLog(File, lineOffset + lines);
        shifted.problems.AddRange(problems);
        return shifted;
    }

    public void AddRange(IEnumerable<BankProblem> more) => problems.AddRange(more);
}
