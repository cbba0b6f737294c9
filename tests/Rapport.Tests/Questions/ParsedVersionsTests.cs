using Rapport.Features.Questions.Format;

namespace Rapport.Tests.Questions;

public sealed class ParsedVersionsTests
{
    private static readonly Guid Version = Guid.CreateVersion7();

    private static BankFile[] StoredBank(string question) =>
        [new("questions/two-sum.md", question) { Version = Version }, new("kits/screen.yaml", BankFiles.Kit) { Version = Guid.CreateVersion7() }];

    [Fact]
    public void StoredVersions_AreParsedOnce_AndGiveTheSameQuestion()
    {
        using var kept = new ParsedVersions();
        var files = StoredBank(BankFiles.Question);

        var first = BankCheck.Check(files, kept: kept).Bank!;
        var again = BankCheck.Check(files, kept: kept).Bank!;

        Assert.Equal(2, kept.Parses);
        Assert.Same(first.Questions[0], again.Questions[0]);
        Assert.Same(first.Questions[0].CandidateView, again.Questions[0].CandidateView);
    }

    [Fact]
    public void FilesWithoutAVersion_AreParsedEveryTime()
    {
        using var kept = new ParsedVersions();
        BankFile[] files = [new("questions/two-sum.md", BankFiles.Question), new("kits/screen.yaml", BankFiles.Kit)];

        BankCheck.Check(files, kept: kept);
        BankCheck.Check(files, kept: kept);

        Assert.Equal(4, kept.Parses);
    }

    [Fact]
    public void TextChangedUnderTheSameVersion_IsParsedAgain_NotTakenFromTheCache()
    {
        using var kept = new ParsedVersions();
        BankCheck.Check(StoredBank(BankFiles.Question), kept: kept);

        var edited = BankCheck.Check(StoredBank(BankFiles.Question.Replace("title: Two sum", "title: Two sum, edited", StringComparison.Ordinal)), kept: kept);

        Assert.Equal("Two sum, edited", edited.Bank!.Questions[0].Document.Title);
    }

    [Fact]
    public void ABrokenStoredVersion_KeepsItsProblems()
    {
        using var kept = new ParsedVersions();
        var files = StoredBank(BankFiles.Question.Replace("duration: 20", "duration: forever", StringComparison.Ordinal));

        var first = BankCheck.Check(files, kept: kept);
        var again = BankCheck.Check(files, kept: kept);

        Assert.Equal(first.Problems, again.Problems);
        Assert.Contains(again.Problems, p => p.File == "questions/two-sum.md" && p.Line == 6);
        Assert.Equal(2, kept.Parses);
    }
}
