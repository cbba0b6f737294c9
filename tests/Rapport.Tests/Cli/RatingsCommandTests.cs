using Microsoft.Data.Sqlite;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Insights;

namespace Rapport.Tests.Cli;

public sealed class RatingsCommandTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    [Fact]
    public async Task RatingsImport_StoresOnce_ThenSkipsWhatIsStored_AndABadFileImportsNothing()
    {
        var file = Path.Combine(rapport.DataDirectory, "export.csv");
        await File.WriteAllTextAsync(file, RatingsFiles.FourFifthsExample());
        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);

        var first = await rapport.RunAsync(["ratings", "import", file]);
        var second = await rapport.RunAsync(["ratings", "import", file]);
        await File.WriteAllTextAsync(file, RatingsFiles.FourFifthsExample() + "int-x,cand-x,ana,two-sum,problem_solving,9,2025-01-01,\n");
        var bad = await rapport.RunAsync(["ratings", "import", file]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal($"Imported {file}: 488 new rating(s), 0 already stored; 122 self-identification(s) recorded apart from the ratings.", first.Output.Trim());
        Assert.Equal($"Imported {file}: 0 new rating(s), 488 already stored; 0 self-identification(s) recorded apart from the ratings.", second.Output.Trim());
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains($"{file}: line 490, rating: The rating 9 is outside the scale", bad.Error, StringComparison.Ordinal);
        Assert.EndsWith("nothing was imported. Fix them and import again.", bad.Error.Trim(), StringComparison.Ordinal);
    }

    /// <summary>Ids with commas, quotes, line breaks and odd Unicode, which the export must quote and the import read back.</summary>
    private const string Hostile = $""""
        {RatingsFiles.Header}
        "int ""1"", part a",c-1,ana@example.com,"design,
        part 2",problem_solving,3,2025-03-14T10:30:00.250Z,"group ""A"""
        "int ""1"", part a",c-1,ana@example.com,"design,
        part 2",communication,4,2025-03-14T10:30:00.250Z,"group ""A"""
        int-2,👩🏽‍💻 c-2,עברית,"=HYPERLINK(""x"")",problem_solving,2,2025-03-15T14:05:00+01:00,
        """";

    private string Write(string name, string text)
    {
        var path = Path.Combine(rapport.DataDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task RatingsExport_ToAFileAndToStandardOutput_WritesTheSameCsv_ThatImportsIntoAnEmptyDatabase()
    {
        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);
        Assert.Equal(0, (await rapport.RunAsync(["ratings", "import", Write("hostile.csv", Hostile)])).ExitCode);
        var file = Path.Combine(rapport.DataDirectory, "export.csv");

        var toFile = await rapport.RunAsync(["ratings", "export", "--output", file]);
        var toOutput = await rapport.RunAsync(["ratings", "export"]);
        using var elsewhere = new RapportProcess();
        Assert.Equal(0, (await elsewhere.RunAsync(["migrate"])).ExitCode);
        var imported = await elsewhere.RunAsync(["ratings", "import", file]);
        var exportedAgain = await elsewhere.RunAsync(["ratings", "export"]);

        Assert.True(toFile.ExitCode == 0, toFile.Error);
        Assert.Equal($"Exported 3 current rating(s) to {file}.", toFile.Output.Trim());
        var csv = await File.ReadAllTextAsync(file);
        Assert.Equal(csv, toOutput.Output);
        Assert.Equal("Exported 3 current rating(s).", toOutput.Error.Trim());
        Assert.StartsWith(RatingsFiles.Header + "\n\"int \"\"1\"\", part a\",c-1,ana@example.com,\"design,\npart 2\",communication,4,2025-03-14T10:30:00.250Z,\"group \"\"A\"\"\"\n", csv, StringComparison.Ordinal);
        Assert.Contains("\nint-2,👩🏽‍💻 c-2,עברית,\"=HYPERLINK(\"\"x\"\")\",problem_solving,2,2025-03-15T13:05:00.000Z,\n", csv, StringComparison.Ordinal);
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Contains("3 new rating(s), 0 already stored; 1 self-identification(s)", imported.Output, StringComparison.Ordinal);
        Assert.Equal(csv, exportedAgain.Output);
        Assert.Empty(Directory.GetFiles(rapport.DataDirectory, "*.tmp"));
    }

    [Fact]
    public async Task RatingsExport_NothingStored_WritesTheHeaderOnly_AndSaysSo()
    {
        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);

        var result = await rapport.RunAsync(["ratings", "export"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(RatingsFiles.Header + "\n", result.Output);
        Assert.Equal("No current ratings are stored: wrote the header only.", result.Error.Trim());
    }

    [Fact]
    public async Task RatingsExport_ToAPathItCannotWrite_SaysWhy_AndLeavesNoFile()
    {
        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);
        Assert.Equal(0, (await rapport.RunAsync(["ratings", "import", Write("ratings.csv", Hostile)])).ExitCode);
        var missing = Path.Combine(rapport.DataDirectory, "no such folder", "export.csv");

        var noFolder = await rapport.RunAsync(["ratings", "export", "--output", missing]);
        var folder = await rapport.RunAsync(["ratings", "export", "--output", rapport.DataDirectory]);
        var unwritable = await rapport.RunAsync(["ratings", "export", "--output", "/proc/ratings.csv"]);

        Assert.Equal((1, ""), (noFolder.ExitCode, noFolder.Output));
        Assert.Contains($"rapport: --output: the folder '{Path.GetDirectoryName(missing)}' does not exist.", noFolder.Error, StringComparison.Ordinal);
        Assert.Equal(1, folder.ExitCode);
        Assert.Contains($"rapport: --output: '{rapport.DataDirectory}' is a folder.", folder.Error, StringComparison.Ordinal);
        Assert.Equal(1, unwritable.ExitCode);
        Assert.Contains("rapport: --output: cannot write '/proc/ratings.csv':", unwritable.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        Assert.False(File.Exists("/proc/ratings.csv"));
    }

    [Fact]
    public async Task RatingsExport_OfAValueThatWouldNotReadBack_IsRefused_AndTheEarlierFileIsKept()
    {
        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);
        Assert.Equal(0, (await rapport.RunAsync(["ratings", "import", Write("ratings.csv", Hostile)])).ExitCode);
        var file = Path.Combine(rapport.DataDirectory, "export.csv");
        Assert.Equal(0, (await rapport.RunAsync(["ratings", "export", "--output", file])).ExitCode);
        var earlier = await File.ReadAllBytesAsync(file);
        // A value no import or scorecard can store, put there behind Rapport's back.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(rapport.DataDirectory, "rapport.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE \"StoredRatings\" SET \"InterviewerKey\" = 'ana ' WHERE \"InterviewKey\" = 'int-2'";
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var refused = await rapport.RunAsync(["ratings", "export", "--output", file]);
        var toOutput = await rapport.RunAsync(["ratings", "export"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("interviewer_id of the rating of 'problem_solving' on '=HYPERLINK(\"x\")' by 'ana ' in interview 'int-2' begins or ends with white space", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was exported", refused.Error, StringComparison.Ordinal);
        Assert.Equal(earlier, await File.ReadAllBytesAsync(file));
        Assert.Empty(Directory.GetFiles(rapport.DataDirectory, "*.tmp"));
        Assert.Equal((1, ""), (toOutput.ExitCode, toOutput.Output));
    }
}
