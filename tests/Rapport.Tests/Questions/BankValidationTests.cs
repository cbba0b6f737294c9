using System.Text;
using Rapport.Features.Questions.Format;

namespace Rapport.Tests.Questions;

public sealed class BankValidationTests
{
    [Fact]
    public void SmallValidBank_HasNoProblems()
    {
        var reading = BankFiles.Check();

        Assert.Empty(reading.Problems);
        Assert.Equal("two-sum", Assert.Single(reading.Bank!.Questions).Document.Id);
        Assert.Equal(3, reading.Bank.Questions[0].Document.Interviewer.Hints.Count);
    }

    [Fact]
    public void MalformedYaml_IsReportedAtItsLineInTheFile()
    {
        var error = BankFiles.SingleError(BankFiles.Check(BankFiles.Question.Replace("levels: [junior]", "levels: [junior", StringComparison.Ordinal)));

        Assert.Equal("questions/two-sum.md", error.File);
        Assert.Contains("the YAML of the front matter is malformed", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 5, 7);
    }

    [Fact]
    public void UnknownSignal_NamesTheSignalAndTheKnownOnes()
    {
        var error = BankFiles.SingleError(BankFiles.Check(BankFiles.Question
            .Replace("signals: [problem-solving, code-quality]", "signals: [problem-solving, code-quality, charisma]", StringComparison.Ordinal)
            .Replace("rubric:\n", "rubric:\n  charisma:\n    1: a\n    2: b\n    3: c\n    4: d\n", StringComparison.Ordinal)));

        Assert.Equal((8, 42), (error.Line, error.Column));
        Assert.Equal("'charisma' is not a signal of this bank.", error.Message);
        Assert.Contains("declare it under 'declare_signals'", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredSignal_MayBeUsed()
    {
        var reading = BankFiles.Check(BankFiles.Question
            .Replace("signals: [problem-solving, code-quality]", "signals: [problem-solving, code-quality, numerical-care]\ndeclare_signals:\n  - id: numerical-care\n    name: Numerical care\n    description: Keeps numbers finite.", StringComparison.Ordinal)
            .Replace("rubric:\n", "rubric:\n  numerical-care:\n    1: a\n    2: b\n    3: c\n    4: d\n", StringComparison.Ordinal));

        Assert.Empty(reading.Problems);
    }

    [Fact]
    public void DuplicateIds_AcrossFolders_NameTheOtherFile()
    {
        var error = BankFiles.SingleError(BankFiles.Check(null, null, new BankFile("questions/arrays/two-sum.md", BankFiles.Question)));

        Assert.Equal("questions/two-sum.md", error.File);
        Assert.Equal("the question id 'two-sum' is also used by questions/arrays/two-sum.md.", error.Message);
    }

    [Fact]
    public void MissingPrompt_IsAnError()
    {
        var error = BankFiles.SingleError(BankFiles.Check(BankFiles.Question.Replace("# Prompt\n\nReturn the indices of the two numbers that add up to the target.\n", "", StringComparison.Ordinal)));

        Assert.Equal("the question has no prompt for the candidate.", error.Message);
    }

    [Fact]
    public void EmptyHint_IsReportedAtTheHint()
    {
        var error = BankFiles.SingleError(BankFiles.Check(BankFiles.Question.Replace("text: Could a dictionary help?", "text: \"\"", StringComparison.Ordinal)));

        Assert.Equal((15, 11), (error.Line, error.Column));
        Assert.Equal("'text' must be a non-empty text.", error.Message);
    }

    [Fact]
    public void RubricLevelWithoutText_IsReportedAtTheLevel()
    {
        var error = BankFiles.SingleError(BankFiles.Check(BankFiles.Question.Replace("    3: handles duplicates\n", "    3:\n", StringComparison.Ordinal)));

        Assert.Equal(27, error.Line);
        Assert.Equal("level 3 of 'code-quality' has no text.", error.Message);
    }

    [Fact]
    public void StarterCodeInALanguageTheQuestionDoesNotAllow_IsAnError()
    {
        var source = BankFiles.Question.Replace("```python\ndef two_sum(numbers, target):\n    pass", "```cpp\nint two_sum();", StringComparison.Ordinal);
        var error = BankFiles.SingleError(BankFiles.Check(source));

        Assert.Equal("the starter code is in 'cpp', which the question does not allow.", error.Message);
        // The line of the code block's opening fence.
        Assert.Equal(source[..source.IndexOf("```cpp", StringComparison.Ordinal)].Count(c => c == '\n') + 1, error.Line);
    }

    [Fact]
    public void StarterCodeInALanguageTheKitDoesNotAllow_IsAWarning()
    {
        var reading = BankFiles.Check(
            BankFiles.Question.Replace("languages: [python]", "languages: [python, javascript]", StringComparison.Ordinal)
                .Replace("# Reference solution", "```javascript\nfunction twoSum() {}\n```\n\n# Reference solution", StringComparison.Ordinal));

        var warning = Assert.Single(reading.Problems);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("kits/screen.yaml", warning.File);
        Assert.Contains("starter code in javascript, which this kit does not allow", warning.Message, StringComparison.Ordinal);
        Assert.NotNull(reading.Bank);
    }

    [Fact]
    public void KitWithoutTimeForTheCandidatesQuestions_IsRefused()
    {
        var error = BankFiles.SingleError(BankFiles.Check(kit: BankFiles.Kit.Replace("  - kind: candidate-questions\n    minutes: 10\n", "  - kind: follow-ups\n    minutes: 10\n", StringComparison.Ordinal)));

        Assert.Equal("the kit leaves no time for the candidate's own questions.", error.Message);
    }

    [Fact]
    public void KitWithTooLittleTimeForTheCandidatesQuestions_IsRefused()
    {
        var error = BankFiles.SingleError(BankFiles.Check(kit: BankFiles.Kit
            .Replace("duration: 35", "duration: 29", StringComparison.Ordinal)
            .Replace("  - kind: candidate-questions\n    minutes: 10\n", "  - kind: candidate-questions\n    minutes: 4\n", StringComparison.Ordinal)));

        Assert.Equal("the kit leaves only 4 minutes for the candidate's own questions.", error.Message);
    }

    [Fact]
    public void KitWhoseBudgetDoesNotAddUp_SaysBothNumbers()
    {
        var error = BankFiles.SingleError(BankFiles.Check(kit: BankFiles.Kit.Replace("duration: 35", "duration: 45", StringComparison.Ordinal)));

        Assert.Equal(5, error.Line);
        Assert.Equal("the sections take 35 minutes but the kit lasts 45.", error.Message);
    }

    [Fact]
    public void KitSignalNoQuestionCovers_IsRefused()
    {
        var error = BankFiles.SingleError(BankFiles.Check(kit: BankFiles.Kit.Replace("signals: [problem-solving]", "signals: [problem-solving, collaboration]", StringComparison.Ordinal)));

        Assert.Equal(7, error.Line);
        Assert.StartsWith("the kit must cover 'collaboration'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KitSignal_MustBeCoveredByEveryAlternative()
    {
        var other = BankFiles.Question.Replace("id: two-sum", "id: three-sum", StringComparison.Ordinal)
            .Replace("signals: [problem-solving, code-quality]", "signals: [code-quality]", StringComparison.Ordinal)
            .Replace("  problem-solving:\n    1: needs the whole approach explained\n    2: finds the quadratic approach only\n    3: finds the linear approach with a hint\n    4: finds the linear approach alone\n", "", StringComparison.Ordinal);

        var reading = BankFiles.Check(null, BankFiles.Kit.Replace("questions: [two-sum]", "questions: [two-sum, three-sum]", StringComparison.Ordinal), new BankFile("questions/three-sum.md", other));

        Assert.StartsWith("the kit must cover 'problem-solving'", BankFiles.SingleError(reading).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KitWithAnUnknownQuestion_NamesIt()
    {
        var error = BankFiles.SingleError(BankFiles.Check(kit: BankFiles.Kit.Replace("questions: [two-sum]", "questions: [two-summ]", StringComparison.Ordinal)));

        Assert.Contains("uses the question 'two-summ', which is not in the bank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltField_IsAnErrorNotIgnored()
    {
        var error = BankFiles.SingleError(BankFiles.Check(BankFiles.Question.Replace("follow_ups:", "followups:", StringComparison.Ordinal)));

        Assert.Equal("The question has an unknown field 'followups'.", error.Message);
    }

    [Fact]
    public void IdThatDoesNotMatchTheFileName_IsAnError()
    {
        var error = BankFiles.SingleError(BankCheck.Check([new("questions/two_sum.md", BankFiles.Question)]));

        Assert.Contains("does not match the file name 'two_sum.md'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotUtf8_IsReportedWithItsLine()
    {
        var problems = new List<BankProblem>();
        var bytes = Encoding.UTF8.GetBytes("---\nid: x\ntitle: caf").Concat(new byte[] { 0xE9, (byte)'\n' }).ToArray();

        Assert.Null(BankFolder.Decode(bytes, "questions/x.md", problems));
        var problem = Assert.Single(problems);
        Assert.Equal((3, 11), (problem.Line, problem.Column));
        Assert.Contains("not UTF-8", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FiftyMegabyteFile_IsRefusedWithoutBeingRead()
    {
        var directory = Directory.CreateTempSubdirectory("rapport-bank-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "questions"));
            File.WriteAllText(Path.Combine(directory, "questions", "two-sum.md"), BankFiles.Question);
            using (var huge = File.Create(Path.Combine(directory, "questions", "huge.md")))
            {
                huge.SetLength(50L * 1024 * 1024);
            }

            var reading = BankFolder.Read(directory);

            var error = BankFiles.SingleError(reading);
            Assert.Equal("questions/huge.md", error.File);
            Assert.Equal("the file is 50.0 MB; a bank file may be at most 1 MB.", error.Message);
            Assert.Null(reading.Bank);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WindowsLineEndingsAndByteOrderMark_ReadTheSame()
    {
        var windows = "\uFEFF" + BankFiles.Question.Replace("\n", "\r\n", StringComparison.Ordinal);

        Assert.Equal(BankFiles.Question, BankFolder.Normalize(windows));
    }
}
