using Rapport.Tests.Infrastructure;
using Rapport.Tests.Questions;

namespace Rapport.Tests.Cli;

public sealed class BankCommandTests : IDisposable
{
    private readonly RapportProcess rapport = new();
    private readonly string bank = Directory.CreateTempSubdirectory("rapport-bank-cli-").FullName;

    public BankCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(bank, "questions"));
        Directory.CreateDirectory(Path.Combine(bank, "kits"));
        File.WriteAllText(Path.Combine(bank, "questions", "two-sum.md"), BankFiles.Question);
        File.WriteAllText(Path.Combine(bank, "kits", "screen.yaml"), BankFiles.Kit);
    }

    public void Dispose()
    {
        rapport.Dispose();
        Directory.Delete(bank, recursive: true);
    }

    [Fact]
    public async Task Validate_GoodBank_SaysWhatItFoundAndExits0()
    {
        var result = await rapport.RunAsync(["bank", "validate", bank]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{bank}: 1 question(s), 1 kit(s), 6 signal(s); no errors.", result.Output.Trim());
    }

    [Fact]
    public async Task Validate_PrintsEachProblemWithFileLineAndColumn_AndExits1()
    {
        File.WriteAllText(Path.Combine(bank, "questions", "two-sum.md"), BankFiles.Question.Replace("kind: coding", "kind: riddle", StringComparison.Ordinal));

        var result = await rapport.RunAsync(["bank", "validate", bank]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"{bank}/questions/two-sum.md:4:7: error: 'riddle' is not a kind of question. Fix: use one of coding, ml-concepts, ml-system-design, debugging, data-analysis.",
            result.Error.Trim());
    }

    [Fact]
    public async Task Validate_ReadsTheLanguageCheckList_AndPrintsItsProblemsWithFileLineAndColumn()
    {
        var list = Path.Combine(bank, "language-check.yaml");
        File.WriteAllText(list, LanguageCheckValidationTests.List);
        var good = await rapport.RunAsync(["bank", "validate", bank]);
        Assert.Equal(0, good.ExitCode);
        Assert.Equal($"{bank}: 1 question(s), 1 kit(s), 6 signal(s), 3 language-check phrase(s); no errors.", good.Output.Trim());

        File.WriteAllText(list, LanguageCheckValidationTests.List.Replace("match: culture fit", "match: [culture fit, culture-fit]", StringComparison.Ordinal));
        var bad = await rapport.RunAsync(["bank", "validate", bank]);

        Assert.Equal(1, bad.ExitCode);
        Assert.Equal(
            $"{list}:11:30: error: the phrase 'culture-fit' is already listed on line 11. Fix: remove one of them (case, accents and hyphens do not make phrases different).",
            bad.Error.Trim());
    }

    [Fact]
    public async Task Validate_WithOnlyWarnings_Exits0()
    {
        File.WriteAllText(Path.Combine(bank, "questions", "notes.txt"), "not a question");

        var result = await rapport.RunAsync(["bank", "validate", bank]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("questions/notes.txt:1:1: warning: this file is not read", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("no errors, 1 warning(s).", result.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WithOneBadFile_ImportsNothing_ThenAGoodImportAndExportRoundTrip()
    {
        File.WriteAllText(Path.Combine(bank, "questions", "broken.md"), "---\nid: broken\n---\n");

        var refused = await rapport.RunAsync(["bank", "import", bank]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("rapport: nothing was imported", refused.Error, StringComparison.Ordinal);

        File.Delete(Path.Combine(bank, "questions", "broken.md"));
        var imported = await rapport.RunAsync(["bank", "import", bank]);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("2 new version(s), 0 unchanged", imported.Output, StringComparison.Ordinal);

        var exported = Path.Combine(rapport.DataDirectory, "exported");
        Assert.Equal(0, (await rapport.RunAsync(["bank", "export", exported])).ExitCode);
        Assert.Equal(BankFiles.Question, await File.ReadAllTextAsync(Path.Combine(exported, "questions", "two-sum.md")));
        var again = await rapport.RunAsync(["bank", "import", exported]);
        Assert.Contains("0 new version(s), 2 unchanged", again.Output, StringComparison.Ordinal);

        var ifEmpty = await rapport.RunAsync(["bank", "import", "--if-empty", bank]);
        Assert.Equal("The bank already has questions; nothing imported.", ifEmpty.Output.Trim());
    }

    [Fact]
    public async Task Validate_AFolderThatDoesNotExist_SaysSo()
    {
        var result = await rapport.RunAsync(["bank", "validate", "/no/such/bank"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("there is no folder '/no/such/bank'", result.Error, StringComparison.Ordinal);
    }
}
