using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;
using Rapport.Features.Scorecards;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Questions;

namespace Rapport.Tests.Scorecards;

/// <summary>The server's language check follows the stored bank: its own list once imported, Rapport's before.</summary>
public sealed class LanguageCheckSourceTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    private static Bank BankWith(string? list) =>
        BankFiles.Check(null, null, [.. list is null ? [] : new[] { new BankFile(LanguageCheckList.FileName, list) }]).Bank!;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportedList_IsTheOneInUse_KeptUntilANewVersionArrives(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var source = app.Services.GetRequiredService<LanguageCheckSource>();
        Assert.Same(LanguageCheck.BuiltIn, await source.CurrentAsync(CancellationToken.None));

        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(BankWith(LanguageCheckValidationTests.List), "import", CancellationToken.None));
        var first = await source.CurrentAsync(CancellationToken.None);

        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().BankDocumentVersions
            .Where(v => v.Document!.Kind == BankDocumentKind.LanguageCheck).Select(v => new { v.Id, v.Document!.Path, v.Document.Key }).SingleAsync());
        Assert.Equal((LanguageCheckList.FileName, "language-check"), (stored.Path, stored.Key));
        Assert.Equal(stored.Id, first.Version);
        Assert.Equal(["aged", "too old", "culture fit"], first.List.Phrases);
        Assert.Equal("too old", Assert.Single(first.Review("Probably too old for us.", null, [])).Phrase);
        Assert.Same(first, await source.CurrentAsync(CancellationToken.None));

        var changed = LanguageCheckValidationTests.List.Replace("[aged, too old]", "[aged, too old, too young]", StringComparison.Ordinal);
        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(BankWith(changed), "import", CancellationToken.None));
        var second = await source.CurrentAsync(CancellationToken.None);

        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal("too young", Assert.Single(second.Review("Too young to lead.", null, [])).Matched, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ABankImportedWithoutAList_KeepsRapportsOwn_AndExportWritesTheListBack()
    {
        await using var app = await RapportTestApp.StartAsync();
        var source = app.Services.GetRequiredService<LanguageCheckSource>();

        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(BankWith(null), "import", CancellationToken.None));
        Assert.Same(LanguageCheck.BuiltIn, await source.CurrentAsync(CancellationToken.None));

        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(BankWith(LanguageCheckValidationTests.List), "import", CancellationToken.None));
        var folder = Directory.CreateTempSubdirectory("rapport-language-export-").FullName;
        try
        {
            await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ExportAsync(folder, CancellationToken.None));

            Assert.Equal(LanguageCheckValidationTests.List, await File.ReadAllTextAsync(Path.Combine(folder, LanguageCheckList.FileName)));
            Assert.NotNull(BankFolder.Read(folder).Bank!.LanguageCheck);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
