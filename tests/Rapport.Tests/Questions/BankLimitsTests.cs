using System.Text;
using Rapport.Features.Questions.Format;

namespace Rapport.Tests.Questions;

/// <summary>Bank files made to exhaust the server: each is refused with its place, quickly, and nothing crashes.</summary>
public sealed class BankLimitsTests
{
    /// <summary>Line and column (from 1) of the <paramref name="occurrence"/>-th <paramref name="needle"/> in a text.</summary>
    private static (int Line, int Column) Where(string text, string needle, int occurrence = 1)
    {
        var at = -1;
        for (var i = 0; i < occurrence; i++)
        {
            at = text.IndexOf(needle, at + 1, StringComparison.Ordinal);
        }

        Assert.True(at >= 0, $"'{needle}' is not in the text");
        var line = text[..at].Count(c => c == '\n') + 1;
        return (line, at - (text.LastIndexOf('\n', at) + 1) + 1);
    }

    private static string TextAt(string text, BankProblem problem) => text.Split('\n')[problem.Line - 1][(problem.Column - 1)..];

    /// <summary>A billion laughs: each list holds ten aliases of the one before, so level n stands for 10^n scalars.</summary>
    private static string AliasBomb(int levels, string indent)
    {
        var text = new StringBuilder($"{indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= levels; level++)
        {
            text.Append(indent).Append($"l{level}: &l{level} [").AppendJoin(", ", Enumerable.Repeat($"*l{level - 1}", 10)).Append("]\n");
        }

        return text.ToString();
    }

    private static string WithExpected(string yaml) =>
        BankFiles.Question.Replace("      expected: [0, 2]\n", $"      expected:\n{yaml}", StringComparison.Ordinal);

    [Fact]
    public void Validate_AliasBomb_IsRefusedWithLocation()
    {
        var question = WithExpected(AliasBomb(5, "        "));

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal("questions/two-sum.md", error.File);
        Assert.StartsWith("*l", TextAt(question, error), StringComparison.Ordinal);
        Assert.InRange(error.Line, Where(question, "l1: &l1").Line, Where(question, "l5: &l5").Line);
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
        Assert.Contains("times", error.Message, StringComparison.Ordinal);
        Assert.Contains("write the value out", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MoreThanAHundredAliases_IsRefusedAtTheFirstOneTooMany()
    {
        var question = WithExpected($"        one: &one 1\n        many: [{string.Join(", ", Enumerable.Repeat("*one", 101))}]\n");

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal(Where(question, "*one", 101), (error.Line, error.Column));
        Assert.Contains("more than 100 aliases", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("      expected: &loop [1, *loop]\n")]
    [InlineData("      expected: &loop {again: *loop}\n")]
    public void Validate_AliasInsideItsOwnAnchor_IsRefusedNotACrash(string expected)
    {
        var question = BankFiles.Question.Replace("      expected: [0, 2]\n", expected, StringComparison.Ordinal);

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal(Where(question, "*loop"), (error.Line, error.Column));
        Assert.Contains("inside the value it names", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AliasBeforeItsAnchor_IsRefused()
    {
        // YAML allows an alias only after its anchor; taking one before would also allow a cycle through two anchors.
        var question = BankFiles.Question
            .Replace("      expected: [0, 1]\n", "      expected: &first [*second]\n", StringComparison.Ordinal)
            .Replace("      expected: [0, 2]\n", "      expected: &second [*first]\n", StringComparison.Ordinal);

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal(Where(question, "*second"), (error.Line, error.Column));
        Assert.Contains("before its anchor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AliasBombInAKit_IsRefusedWithLocation()
    {
        var kit = BankFiles.Kit.Replace("title: Screen\n", $"title: Screen\nnotes:\n{AliasBomb(5, "  ")}", StringComparison.Ordinal);

        var error = BankFiles.SingleError(BankFiles.Check(kit: kit));

        Assert.Equal("kits/screen.yaml", error.File);
        Assert.StartsWith("*l", TextAt(kit, error), StringComparison.Ordinal);
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AliasBombInTheSignals_IsRefusedWithLocation()
    {
        var signals = $"signals:\n  - id: problem-solving\n    name: Problem solving\n    description: Solves it.\n  - id: code-quality\n    name: Code quality\n    description: Writes it well.\nnotes:\n{AliasBomb(5, "  ")}";

        var error = BankFiles.SingleError(BankFiles.Check(null, null, new BankFile(SignalCatalog.FileName, signals)));

        Assert.Equal(SignalCatalog.FileName, error.File);
        Assert.StartsWith("*l", TextAt(signals, error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(100_000)]
    public void Validate_YamlNestedTooDeep_IsRefusedNotACrash(int depth)
    {
        var question = BankFiles.Question.Replace("      expected: [0, 2]\n", $"      expected: {new string('[', depth)}{new string(']', depth)}\n", StringComparison.Ordinal);

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal(Where(question, "[[").Line, error.Line);
        Assert.Contains("levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AFewAliases_AreStillFine()
    {
        var question = BankFiles.Question
            .Replace("      expected: [0, 1]\n", "      expected: &pair [0, 1]\n", StringComparison.Ordinal)
            .Replace("    1: does not run\n", "    1: &concern does not run\n", StringComparison.Ordinal)
            .Replace("    2: runs on the example only\n", "    2: *concern\n", StringComparison.Ordinal)
            .Replace("      expected: [0, 2]\n", "      expected: *pair\n", StringComparison.Ordinal);

        var reading = BankFiles.Check(question);

        Assert.Empty(reading.Problems);
        var tests = reading.Bank!.Questions[0].Document.Interviewer.Tests!;
        Assert.Equal(["[0,1]", "[0,1]"], tests.Cases.Select(c => c.ExpectedJson));
    }

    private static string Repeat(string unit, int length) => string.Concat(Enumerable.Repeat(unit, (length + unit.Length - 1) / unit.Length));

    private static string WithSection(string heading, string markdown) =>
        BankFiles.Question.Replace("# Starter code\n", $"{heading}\n\n{markdown}\n\n# Starter code\n", StringComparison.Ordinal);

    [Theory]
    [InlineData("# Examples")]
    [InlineData("# Interviewer notes")]
    public void Validate_QuadraticMarkdownInAnyRenderedSection_IsRefusedWithLocation(string heading)
    {
        // "[a](" repeated makes Markdig's link parsing quadratic: 200 KB took 30 s to render.
        var question = WithSection(heading, Repeat("[a](", 12_000));

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal(Where(question, heading), (error.Line, error.Column));
        Assert.Contains("12,000 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_QuadraticMarkdownInThePrompt_IsRefusedWithLocation()
    {
        var question = BankFiles.Question.Replace("Return the indices of the two numbers that add up to the target.", Repeat("[a](", 12_000), StringComparison.Ordinal);

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal(Where(question, "# Prompt"), (error.Line, error.Column));
        Assert.Contains("at most 10,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MarkdownBodyOverTheLimit_IsRefusedBeforeMarkdownReadsIt()
    {
        // Link reference definitions make even Markdig's block pass quadratic (1 MB: 40 s).
        var question = WithSection("# Interviewer notes", Repeat("[a]: b\n", 200_000));

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal((Where(question, "---\n\n# Prompt").Line + 1, 1), (error.Line, error.Column));
        Assert.Contains("at most 64,000 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Deep quotes: ", "> ", 200)]
    [InlineData("Deep lists: ", "1. ", 200)]
    [InlineData("Deep brackets: ", "*[", 2_000)]
    public void Validate_MarkdownNestedTooDeep_IsRefusedWithLocationNotAnException(string before, string unit, int count)
    {
        var deep = string.Concat(Enumerable.Repeat(unit, count)) + "x";
        var question = WithSection("# Examples", $"Fine.\n\n{before}\n\n{deep}\n\nAlso fine.");

        var error = BankFiles.SingleError(BankFiles.Check(question));

        Assert.Equal(Where(question, deep).Line, error.Line);
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }
}
