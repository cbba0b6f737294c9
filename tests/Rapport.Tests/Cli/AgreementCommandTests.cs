using System.Text.Json;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Insights;

namespace Rapport.Tests.Cli;

/// <summary>
/// Oracle: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 coders × 12
/// units example with missing values: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
/// </summary>
public sealed class AgreementCommandTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    private string Ratings(string text)
    {
        var path = Path.Combine(rapport.DataDirectory, "double-scored.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("nominal", 0.743)]
    [InlineData("ordinal", 0.815)]
    [InlineData("interval", 0.849)]
    [InlineData("ratio", 0.797)]
    public async Task Agreement_OnKrippendorffsExample_GivesThePublishedAlpha(string metric, double published)
    {
        var result = await rapport.RunAsync(["agreement", "--ratings", Ratings(RatingsFiles.Krippendorff()), "--scale", "1-5", "--metric", metric, "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        var alpha = Assert.Single(report.RootElement.GetProperty("krippendorffAlpha").EnumerateArray());
        Assert.Equal(metric, alpha.GetProperty("metric").GetString());
        Assert.Equal(published, Math.Round(alpha.GetProperty("alpha").GetDouble(), 3));
        Assert.Equal((11, 1), (alpha.GetProperty("unitsUsed").GetInt32(), alpha.GetProperty("unitsWithOneRating").GetInt32()));
    }

    [Fact]
    public async Task Agreement_AsText_ShowsEveryAlpha_AndSaysWhichStatisticsDoNotApply()
    {
        var result = await rapport.RunAsync(["agreement", "--ratings", Ratings(RatingsFiles.Krippendorff()), "--scale", "1-5"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("12 unit(s) (a signal of a question in an interview), 4 interviewer(s), 41 rating(s); 11 unit(s) rated by two or more.", result.Output, StringComparison.Ordinal);
        Assert.Contains("  nominal   0.743", result.Output, StringComparison.Ordinal);
        Assert.Contains("  ordinal   0.815", result.Output, StringComparison.Ordinal);
        Assert.Contains("  interval  0.849", result.Output, StringComparison.Ordinal);
        Assert.Contains("  ratio     0.797", result.Output, StringComparison.Ordinal);
        // Four coders, and only some units rated by all of them: no kappa for two, no Fleiss for unequal counts.
        Assert.Contains("Cohen's and weighted kappa: not computed, they compare exactly two interviewers.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Fleiss' kappa: Not computed: Fleiss' kappa needs the same number of ratings on every unit, and these have 2 to 4.", result.Output, StringComparison.Ordinal);
        Assert.Contains("over 8 unit(s) rated by all 4 interviewers", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agreement_TwoInterviewers_GivesCohensAndWeightedKappa()
    {
        // Coders A and B of Krippendorff's example on the 9 units both rated: they agree on 8 of 9,
        // so p_o = 8/9, and from their margins (A: 3, 3, 2, 1 of points 1 to 4; B: 2, 4, 2, 1)
        // p_e = (6 + 12 + 4 + 1) / 81 = 23/81: kappa = (72 − 23) / (81 − 23) = 49/58 (Cohen 1960).
        var twoCoders = string.Join('\n', RatingsFiles.Krippendorff().Split('\n').Where(line => !line.Contains(",C,", StringComparison.Ordinal) && !line.Contains(",D,", StringComparison.Ordinal)));

        var result = await rapport.RunAsync(["agreement", "--ratings", Ratings(twoCoders), "--scale", "1-5", "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        var kappas = report.RootElement.GetProperty("cohenKappa");
        Assert.Equal(49.0 / 58, kappas.GetProperty("unweighted").GetProperty("kappa").GetDouble(), 6);
        Assert.Equal(9, kappas.GetProperty("unweighted").GetProperty("subjects").GetInt32());
        Assert.Equal(JsonValueKind.Object, kappas.GetProperty("quadraticWeights").ValueKind);
        Assert.Equal(9, report.RootElement.GetProperty("fleissKappa").GetProperty("values").GetProperty("subjects").GetInt32());
    }

    [Fact]
    public async Task Agreement_WithoutDoubleScoredUnits_SaysSoAndExits1()
    {
        var single = $"{RatingsFiles.Header}\nint-1,c-1,ana,two-sum,problem_solving,3,2025-03-01,\nint-2,c-2,ben,two-sum,problem_solving,2,2025-03-01,\n";

        var result = await rapport.RunAsync(["agreement", "--ratings", Ratings(single)]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No unit was rated by two or more interviewers", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agreement_UnknownMetric_IsAUsageError()
    {
        var result = await rapport.RunAsync(["agreement", "--ratings", Ratings(RatingsFiles.Krippendorff()), "--metric", "cardinal"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("rapport: ", result.Error.Trim(), StringComparison.Ordinal);
    }
}
