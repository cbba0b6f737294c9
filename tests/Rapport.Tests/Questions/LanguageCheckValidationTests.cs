using Rapport.Features.Questions.Format;

namespace Rapport.Tests.Questions;

/// <summary>language-check.yaml in a bank: each problem at its file:line:column, and the bank is valid without it.</summary>
public sealed class LanguageCheckValidationTests
{
    public const string List = """
        categories:
          - id: age
            name: Age
            entries:
              - match: [aged, too old]
                instead: Describe the work itself.
                why: Age is not evidence of skill.
          - id: culture-fit
            name: Culture fit
            entries:
              - match: culture fit
                instead: Name the behaviour you saw.
                why: Fit is often heard as like us.
        restating:
          instead: Add what you saw.
          why: A word like good repeats the level.
          words: [good, meets the bar]
          filler: [the, candidate]
        empty:
          instead: Write what you saw.
          why: Every level needs evidence.

        """;

    private static BankReading CheckList(string text) => BankFiles.Check(null, null, new BankFile(LanguageCheckList.FileName, text));

    private static BankProblem SingleError(string text)
    {
        var error = BankFiles.SingleError(CheckList(text));
        Assert.Equal(LanguageCheckList.FileName, error.File);
        return error;
    }

    [Fact]
    public void AValidList_IsReadIntoTheBank()
    {
        var reading = CheckList(List);

        Assert.Empty(reading.Problems);
        Assert.Equal(["aged", "too old", "culture fit"], reading.Bank!.LanguageCheck!.Phrases);
        Assert.Equal(LanguageCheckList.FileName, reading.Bank.LanguageCheckFile!.Path);
        Assert.Equal(["good", "meets the bar"], reading.Bank.LanguageCheck.Restating.Words);
    }

    [Fact]
    public void ABankWithoutTheList_IsValid_AndHasNoneOfItsOwn()
    {
        var reading = BankFiles.Check();

        Assert.Empty(reading.Problems);
        Assert.Null(reading.Bank!.LanguageCheck);
        Assert.Null(reading.Bank.LanguageCheckFile);
    }

    [Fact]
    public void AnEmptyListOfCategories_TurnsListedPhrasesOff_AndIsValid()
    {
        var reading = CheckList(List[..List.IndexOf("  - id: age", StringComparison.Ordinal)].Replace("categories:\n", "categories: []\n", StringComparison.Ordinal) + List[List.IndexOf("restating:", StringComparison.Ordinal)..]);

        Assert.Empty(reading.Problems);
        Assert.Empty(reading.Bank!.LanguageCheck!.Categories);
    }

    [Fact]
    public void UnknownTopLevelKey_IsReportedAtTheKey()
    {
        var error = SingleError(List + "colour: red\n");

        Assert.Equal((22, 1), (error.Line, error.Column));
        Assert.Equal("The language-check list has an unknown field 'colour'.", error.Message);
    }

    [Fact]
    public void MisspeltKeyInAnEntry_IsReportedAtTheKey_AndTheMissingOneAtTheEntry()
    {
        var errors = CheckList(List.Replace("        instead: Describe the work itself.", "        insted: Describe the work itself.", StringComparison.Ordinal)).Problems;

        Assert.Equal(
            [(5, 9, "An entry has no 'instead'."), (6, 9, "An entry has an unknown field 'insted'.")],
            errors.Select(e => (e.Line, e.Column, e.Message)).Order());
    }

    [Fact]
    public void DuplicatePhrase_InAnotherSpelling_IsReportedAtTheSecond_NamingTheFirst()
    {
        var error = SingleError(List.Replace("match: culture fit", "match: [culture fit, Culture‑Fit]", StringComparison.Ordinal));

        Assert.Equal((11, 30), (error.Line, error.Column));
        Assert.Equal("the phrase 'Culture‑Fit' is already listed on line 11.", error.Message);
    }

    [Fact]
    public void DuplicatePhrase_AcrossCategories_IsAnError()
    {
        var error = SingleError(List.Replace("match: culture fit", "match: [culture fit, too  old]", StringComparison.Ordinal));

        Assert.Equal((11, 30), (error.Line, error.Column));
        Assert.Equal("the phrase 'too  old' is already listed on line 5.", error.Message);
    }

    [Fact]
    public void EmptySuggestion_IsReportedAtTheValue()
    {
        var error = SingleError(List.Replace("instead: Name the behaviour you saw.", "instead: \"\"", StringComparison.Ordinal));

        Assert.Equal((12, 18), (error.Line, error.Column));
        Assert.Equal("'instead' must be a non-empty text.", error.Message);
    }

    [Theory]
    [InlineData("Age Group", "'Age Group' is not a valid category id.", 2, 9)]
    [InlineData("culture-fit", "the category 'culture-fit' is defined twice.", 8, 5)]
    public void BadOrRepeatedCategoryId_IsAnError(string id, string message, int line, int column)
    {
        var error = SingleError(List.Replace("  - id: age\n", $"  - id: {id}\n", StringComparison.Ordinal));

        Assert.Equal(message, error.Message);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void CategoryWithoutEntries_IsAnError()
    {
        var error = SingleError(List.Replace("    entries:\n      - match: culture fit\n        instead: Name the behaviour you saw.\n        why: Fit is often heard as like us.\n", "", StringComparison.Ordinal));

        Assert.Equal((8, 5), (error.Line, error.Column));
        Assert.Equal("a category needs a list of 'entries'.", error.Message);
    }

    [Theory]
    [InlineData("a phrase that goes on and on and on well past the sixty characters", "the phrase is 66 characters long; at most 60 are allowed.")]
    [InlineData("one two three four five six seven", "the phrase has 7 words; at most 6 are allowed.")]
    [InlineData("culture fit!", "the phrase 'culture fit!' holds '!', which the check cannot match.")]
    [InlineData("aggre*ssive", "in the phrase 'aggre*ssive', '*' must come at the end of a word of at least two letters.")]
    [InlineData("# 42", "the phrase '# 42' has no letters.")]
    public void BadPhrase_IsReportedAtThePhrase(string phrase, string message)
    {
        var error = SingleError(List.Replace("match: culture fit", $"match: \"{phrase}\"", StringComparison.Ordinal));

        Assert.Equal((11, 16), (error.Line, error.Column));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void OverLongReason_IsReportedAtTheValue()
    {
        var error = SingleError(List.Replace("why: Age is not evidence of skill.", $"why: {new string('x', 301)}", StringComparison.Ordinal));

        Assert.Equal((7, 14), (error.Line, error.Column));
        Assert.Equal("'why' is 301 characters long; at most 300 are allowed.", error.Message);
    }

    [Fact]
    public void MissingRestatingSection_IsAnError()
    {
        var error = SingleError(List[..List.IndexOf("restating:", StringComparison.Ordinal)] + List[List.IndexOf("empty:", StringComparison.Ordinal)..]);

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Equal("the language-check list has no 'restating'.", error.Message);
    }

    [Fact]
    public void RepeatedRestatingWord_IsReportedAtTheRepeat()
    {
        var error = SingleError(List.Replace("words: [good, meets the bar]", "words: [good, meets the bar, GOOD]", StringComparison.Ordinal));

        Assert.Equal((17, 32), (error.Line, error.Column));
        Assert.Equal("'GOOD' is already in 'words' on line 17.", error.Message);
    }

    [Fact]
    public void MalformedYaml_IsReportedAtItsLine()
    {
        var error = SingleError(List.Replace("match: [aged, too old]", "match: [aged, too old", StringComparison.Ordinal));

        Assert.Contains("the YAML of the language-check list is malformed", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 5, 7);
    }

    [Fact]
    public void AnAliasBomb_IsRefusedByTheYamlLimits()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n";

        var error = SingleError(bomb + List);

        Assert.Equal(3, error.Line);
        Assert.Contains("stand for more than 4 times its own length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsRefusedByTheYamlLimits()
    {
        var error = SingleError(List + "deep: " + new string('[', 40) + new string(']', 40) + "\n");

        Assert.Equal((22, 38), (error.Line, error.Column));
        Assert.Contains("more than 32 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileInTheBankFolder_IsRead_AndItsProblemsNameIt()
    {
        var folder = Directory.CreateTempSubdirectory("rapport-language-check-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "questions"));
            File.WriteAllText(Path.Combine(folder, "questions", "two-sum.md"), BankFiles.Question);
            File.WriteAllText(Path.Combine(folder, LanguageCheckList.FileName), List.Replace("why: Every level needs evidence.", "why: \"\"", StringComparison.Ordinal));

            var error = BankFiles.SingleError(BankFolder.Read(folder));

            Assert.Equal((LanguageCheckList.FileName, 21, 8), (error.File, error.Line, error.Column));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheShippedBank_HasItsList()
    {
        var reading = BankFolder.Read(StarterBankTests.BankFolderPath);

        Assert.Empty(reading.Problems);
        Assert.True(reading.Bank!.LanguageCheck!.Phrases.Count() >= 40);
        Assert.All(reading.Bank.LanguageCheck.Categories, c => Assert.NotEmpty(c.Entries));
    }
}
