using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Questions;

/// <summary>A bank file's path is where export writes it: only plain paths inside the folder are accepted, and export writes nowhere else.</summary>
public sealed class BankPathTests : IDisposable
{
    private readonly RapportProcess rapport = new();
    private readonly string root = Directory.CreateTempSubdirectory("rapport-bank-path-").FullName;

    public void Dispose()
    {
        rapport.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Import_OfAFileNamedWithBackslashesAndDots_IsRefusedNamingThePath_AndExportWritesNothingOutside()
    {
        var bank = Path.Combine(root, "bank");
        Directory.CreateDirectory(Path.Combine(bank, "questions"));
        // On Linux this is one file name in questions/; read as a path it climbs out of the folder.
        File.WriteAllText(Path.Combine(bank, "questions", @"..\..\escaped\pwn.md"), BankFiles.Question.Replace("id: two-sum", "id: pwn", StringComparison.Ordinal));

        var validated = await rapport.RunAsync(["bank", "validate", bank]);
        var imported = await rapport.RunAsync(["bank", "import", bank]);
        var exported = await rapport.RunAsync(["bank", "export", Path.Combine(root, "out", "bank")]);

        Assert.Equal(1, validated.ExitCode);
        Assert.Contains(@"questions/..\..\escaped\pwn.md", validated.Error, StringComparison.Ordinal);
        Assert.Contains("backslash", validated.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", validated.Error, StringComparison.Ordinal);
        Assert.Equal(1, imported.ExitCode);
        Assert.Contains("nothing was imported", imported.Error, StringComparison.Ordinal);
        Assert.Equal(0, exported.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(root, "escaped")), "export wrote outside its folder");
        Assert.False(Directory.Exists(Path.Combine(root, "out", "escaped")), "export wrote outside its folder");
    }

    [Theory]
    [InlineData(@"questions/..\..\escaped\pwn.md", "backslash")]
    [InlineData("questions/../../escaped/pwn.md", "'..'")]
    [InlineData("questions/./pwn.md", "'.'")]
    [InlineData("/etc/questions/pwn.md", "absolute")]
    [InlineData("questions/.hidden/pwn.md", "starts with a dot")]
    [InlineData("questions//pwn.md", "empty")]
    [InlineData("questions/p\u001b[2Jwn.md", "control character")]
    [InlineData("questions/p\u202Ewn.md", "control character")]
    [InlineData("questions/C:pwn.md", "':'")]
    public void Check_RefusesEveryPathThatIsNotPlain_NamingIt(string path, string reason)
    {
        var reading = BankCheck.Check([new BankFile(path, BankFiles.Question.Replace("id: two-sum", "id: pwn", StringComparison.Ordinal))]);

        var problem = BankFiles.SingleError(reading);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', problem.ToString());
        Assert.Null(reading.Bank);
    }

    [Theory]
    [InlineData("questions/..\\..\\escaped\\pwn.md")]
    [InlineData("questions/../../escaped/pwn.md")]
    [InlineData("/tmp/rapport-escaped/pwn.md")]
    public async Task Export_OfAStoredPathOutsideTheFolder_WritesNothingAnywhere_AndSaysWhichPath(string stored)
    {
        await using var app = await RapportTestApp.StartAsync();
        var bank = BankCheck.Check([new("questions/two-sum.md", BankFiles.Question), new("kits/screen.yaml", BankFiles.Kit)]).Bank!;
        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(bank, "import", CancellationToken.None));
        // A path stored before paths were checked, or written into the database by hand.
        await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().BankDocuments.Where(d => d.Key == "two-sum")
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Path, stored), CancellationToken.None));
        var target = Path.Combine(root, "out", "bank");

        var refused = await Assert.ThrowsAsync<BankExportException>(() =>
            app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ExportAsync(target, CancellationToken.None)));

        Assert.Contains(stored, refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
        Assert.False(File.Exists("/tmp/rapport-escaped/pwn.md"));
    }
}
