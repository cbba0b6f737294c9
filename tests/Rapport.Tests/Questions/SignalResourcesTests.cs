using Rapport.Features.Questions.Format;

namespace Rapport.Tests.Questions;

/// <summary>The signals file's <c>baseline</c> flag and <c>resources</c>, as the validator reads them.</summary>
public sealed class SignalResourcesTests
{
    private const string Signals = """
        signals:
          - id: problem-solving
            name: Problem solving
            description: Breaks the problem down.
            baseline: true
            resources:
              - title: How to Solve It
                url: https://example.org/polya
          - id: code-quality
            name: Code quality
            description: Writes clear code.
        """;

    private static BankReading Check(string signals) => BankFiles.Check(null, null, new BankFile("signals.yaml", signals));

    private static SignalCatalog Parse(string signals)
    {
        var log = new ProblemLog("signals.yaml");
        var catalog = SignalCatalog.Parse(signals, log);
        Assert.True(log.Problems.Count == 0, string.Join("\n", log.Problems));
        return catalog!;
    }

    [Fact]
    public void ResourcesAndBaseline_AreRead()
    {
        var catalog = Parse(Signals);

        var solving = catalog.Find("problem-solving")!;
        Assert.True(solving.Baseline);
        Assert.Equal([new SignalResource("How to Solve It", "https://example.org/polya")], solving.Resources);
        Assert.False(catalog.Find("code-quality")!.Baseline);
        Assert.Empty(catalog.Find("code-quality")!.Resources);
    }

    [Fact]
    public void StarterSignals_MarkTheFirstThreeAsBaseline_AndEachHasWebResources()
    {
        var catalog = Parse(SignalCatalog.DefaultSource());

        Assert.Equal(["language-and-tools", "thinking-out-loud", "collaboration"], catalog.Signals.Where(s => s.Baseline).Select(s => s.Id));
        Assert.Equal(catalog.Signals.Take(3), catalog.Signals.Where(s => s.Baseline));
        Assert.All(catalog.Signals, s =>
        {
            Assert.NotEmpty(s.Resources);
            Assert.All(s.Resources, r => Assert.StartsWith("https://", r.Url, StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.org/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:secret@example.org/")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    public void NonWebUrl_IsRefusedAtItsLineAndColumn(string url)
    {
        var error = BankFiles.SingleError(Check(Signals.Replace("https://example.org/polya", $"\"{url}\"", StringComparison.Ordinal)));

        Assert.Equal("signals.yaml", error.File);
        Assert.Equal((8, 14), (error.Line, error.Column));
        Assert.Equal($"'{url}' is not an absolute http or https address.", error.Message);
    }

    [Fact]
    public void MissingTitle_IsRefusedAtTheResource()
    {
        var error = BankFiles.SingleError(Check(Signals.Replace("      - title: How to Solve It\n        url:", "      - url:", StringComparison.Ordinal)));

        Assert.Equal((7, 9), (error.Line, error.Column));
        Assert.Equal("A resource has no 'title'.", error.Message);
    }

    [Fact]
    public void TitleOverTheLimit_NamesItsLength()
    {
        var error = BankFiles.SingleError(Check(Signals.Replace("How to Solve It", new string('é', SignalResource.MaxTitleLength + 1), StringComparison.Ordinal)));

        Assert.Equal((7, 16), (error.Line, error.Column));
        Assert.Equal($"the resource title is {SignalResource.MaxTitleLength + 1} characters long; the limit is {SignalResource.MaxTitleLength}.", error.Message);
    }

    [Fact]
    public void TitleWithADirectionMark_IsRefused()
    {
        var error = BankFiles.SingleError(Check(Signals.Replace("How to Solve It", "How to \u202ESolve It", StringComparison.Ordinal)));

        Assert.Contains("text-direction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BaselineThatIsNotTrueOrFalse_IsRefused()
    {
        var error = BankFiles.SingleError(Check(Signals.Replace("baseline: true", "baseline: yes", StringComparison.Ordinal)));

        Assert.Equal((5, 15), (error.Line, error.Column));
        Assert.Equal("'baseline' must be true or false.", error.Message);
    }

    [Fact]
    public void ResourcesThatAreNotAList_OrMisspeltFields_AreRefused()
    {
        Assert.Equal("'resources' must be a list.", BankFiles.SingleError(Check(Signals.Replace("resources:\n      - title: How to Solve It\n        url: https://example.org/polya", "resources: https://example.org", StringComparison.Ordinal))).Message);
        Assert.StartsWith("A resource has an unknown field 'link'", BankFiles.SingleError(Check(Signals.Replace("        url: https://example.org/polya", "        url: https://example.org/polya\n        link: x", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyResources_AreRefused()
    {
        var many = string.Concat(Enumerable.Range(0, SignalResource.MaxPerSignal + 1).Select(i => $"      - title: R{i}\n        url: https://example.org/{i}\n"));
        var error = BankFiles.SingleError(Check(Signals.Replace("      - title: How to Solve It\n        url: https://example.org/polya\n", many, StringComparison.Ordinal)));

        Assert.Equal($"'resources' lists {SignalResource.MaxPerSignal + 1} items; the limit is {SignalResource.MaxPerSignal}.", error.Message);
    }

    [Fact]
    public void DeclaredSignal_MayHaveResources_ButCannotBeBaseline()
    {
        const string Declared = "signals: [problem-solving, code-quality, numerical-care]\ndeclare_signals:\n  - id: numerical-care\n    name: Numerical care\n    description: Keeps numbers finite.\n    resources:\n      - title: Floating point\n        url: https://example.org/fp";
        string Question(string declared) => BankFiles.Question
            .Replace("signals: [problem-solving, code-quality]", declared, StringComparison.Ordinal)
            .Replace("rubric:\n", "rubric:\n  numerical-care:\n    1: a\n    2: b\n    3: c\n    4: d\n", StringComparison.Ordinal);

        Assert.Empty(BankFiles.Check(Question(Declared)).Problems);
        var error = BankFiles.SingleError(BankFiles.Check(Question(Declared + "\n    baseline: true")));
        Assert.StartsWith("A declared signal has an unknown field 'baseline'", error.Message, StringComparison.Ordinal);
    }
}
