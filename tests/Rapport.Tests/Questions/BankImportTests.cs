using System.Text.Json;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Questions;

public sealed class BankImportTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    private static Bank SmallBank(string? question = null) =>
        BankCheck.Check([new("questions/two-sum.md", question ?? BankFiles.Question), new("kits/screen.yaml", BankFiles.Kit)]).Bank!;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportingTheSameBankTwice_CreatesNothingTheSecondTime(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);

        var first = await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(SmallBank(), "import", CancellationToken.None));
        var second = await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(SmallBank(), "import", CancellationToken.None));

        Assert.Equal(new ImportOutcome(2, 0), first);
        Assert.Equal(new ImportOutcome(0, 2), second);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ChangedFile_BecomesANewVersion_AndTheOldOneStaysAsItWas(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(SmallBank(), "import", CancellationToken.None));
        var changed = BankFiles.Question.Replace("title: Two sum", "title: Two sum, revisited", StringComparison.Ordinal);

        var outcome = await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(SmallBank(changed), "import", CancellationToken.None));

        Assert.Equal(new ImportOutcome(1, 1), outcome);
        var history = await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().HistoryAsync(BankDocumentKind.Question, "two-sum", CancellationToken.None));
        Assert.Equal([2, 1], history.Select(v => v.Number));
        Assert.Equal(["Two sum, revisited", "Two sum"], history.Select(v => v.Title));
        Assert.Equal(BankFiles.Question, history[1].Source);
    }

    [Fact]
    public async Task EditInTheBrowser_WithAnError_SavesNothingAndSaysWhere()
    {
        await using var app = await RapportTestApp.StartAsync();
        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(SmallBank(), "import", CancellationToken.None));

        var outcome = await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().SaveEditAsync(
            BankDocumentKind.Question, "two-sum", BankFiles.Question.Replace("kind: coding", "kind: riddle", StringComparison.Ordinal), "Ada", CancellationToken.None));

        Assert.Null(outcome.Version);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(("questions/two-sum.md", 4), (problem.File, problem.Line));
        Assert.Equal(1, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().BankDocumentVersions.CountAsync(v => v.Document!.Key == "two-sum")));
    }

    [Fact]
    public async Task EditInTheBrowser_ThatBreaksAKit_IsRefused()
    {
        await using var app = await RapportTestApp.StartAsync();
        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(SmallBank(), "import", CancellationToken.None));
        var withoutProblemSolving = BankFiles.Question
            .Replace("signals: [problem-solving, code-quality]", "signals: [code-quality]", StringComparison.Ordinal)
            .Replace("  problem-solving:\n    1: needs the whole approach explained\n    2: finds the quadratic approach only\n    3: finds the linear approach with a hint\n    4: finds the linear approach alone\n", "", StringComparison.Ordinal);

        var outcome = await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().SaveEditAsync(
            BankDocumentKind.Question, "two-sum", withoutProblemSolving, "Ada", CancellationToken.None));

        Assert.Null(outcome.Version);
        Assert.Equal("kits/screen.yaml", Assert.Single(outcome.Problems).File);
    }

    [Fact]
    public async Task ExportThenImport_IsAFixedPoint_ForRandomBanks()
    {
        await using var app = await RapportTestApp.StartAsync();
        var folder = Directory.CreateTempSubdirectory("rapport-export-").FullName;
        try
        {
            // Each sample is a bank of generated questions; one database holds them all, as a team's
            // history would, so the samples run one after another.
            await RandomBanks.Generator.SampleAsync(
                async files =>
                {
                    var bank = BankCheck.Check(files).Bank ?? throw new InvalidOperationException(string.Join("\n", BankCheck.Check(files).Problems));
                    await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(bank, "import", CancellationToken.None));
                    Directory.Delete(folder, recursive: true);
                    Directory.CreateDirectory(folder);
                    await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ExportAsync(folder, CancellationToken.None));

                    var reread = BankFolder.Read(folder);
                    var again = await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(reread.Bank!, "import", CancellationToken.None));

                    Assert.Equal(0, again.NewVersions);
                    foreach (var file in files)
                    {
                        Assert.Equal(file.Text, await File.ReadAllTextAsync(Path.Combine(folder, file.Path)));
                        var original = bank.Questions.Single(q => q.File.Path == file.Path).Document;
                        var exported = reread.Bank!.Questions.Single(q => q.File.Path == file.Path).Document;
                        Assert.Equal(JsonSerializer.Serialize(original), JsonSerializer.Serialize(exported));
                    }
                },
                iter: 25,
                threads: 1,
                seed: "0N0XIzNsQ0O2");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
