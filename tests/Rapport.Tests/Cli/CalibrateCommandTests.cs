using System.Text.Json;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Insights;

namespace Rapport.Tests.Cli;

public sealed class CalibrateCommandTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(rapport.DataDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Out => Path.Combine(rapport.DataDirectory, "report.json");

    [Fact]
    public async Task Calibrate_WritesRawRatingsBesideCalibratedEstimates_AndTheFourFifthsRule()
    {
        var ratings = Write("ratings.csv", RatingsFiles.FourFifthsExample());

        var result = await rapport.RunAsync(["calibrate", "--ratings", ratings, "--out", Out, "--threads", "2"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Calibrated 488 rating(s) of 122 candidate(s) by 6 interviewer(s) on 3 question(s)", result.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Out));
        var root = report.RootElement;
        var first = root.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "cand-0");
        // cand-0 was rated 3, 3 in its first interview and 4, 3 in its second: the raw average is theirs, unchanged.
        Assert.Equal(3.25, first.GetProperty("raw").GetProperty("average").GetDouble(), 6);
        Assert.Equal(4, first.GetProperty("raw").GetProperty("ratings").GetInt32());
        var calibrated = first.GetProperty("calibrated");
        Assert.InRange(calibrated.GetProperty("probabilityAboveBar").GetDouble(), 0, 1);
        Assert.True(calibrated.GetProperty("lower95").GetDouble() < calibrated.GetProperty("ability").GetDouble());

        // Every candidate: the exact probability for programs, and beside it one decimal in percent
        // or "< 0.1 %" / "> 99.9 %", within rounding of the exact value.
        foreach (var candidate in root.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("calibrated")))
        {
            var exact = candidate.GetProperty("probabilityAboveBar").GetDouble();
            var shown = candidate.GetProperty("probabilityAboveBarShown").GetString()!;
            if (shown.StartsWith('<'))
            {
                Assert.Equal("< 0.1 %", shown);
                Assert.True(exact < 0.001, $"{exact} shown as {shown}");
            }
            else if (shown.StartsWith('>'))
            {
                Assert.Equal("> 99.9 %", shown);
                Assert.True(exact > 0.999, $"{exact} shown as {shown}");
            }
            else
            {
                Assert.Matches(@"^\d{1,2}\.\d %$", shown);
                Assert.InRange(double.Parse(shown[..^2], System.Globalization.CultureInfo.InvariantCulture) - (exact * 100), -0.05000001, 0.05000001);
            }
        }

        // EEOC: 60 % against 30 % is an impact ratio of 0.50, below four-fifths; group C (2 people) is suppressed.
        var impact = root.GetProperty("adverseImpact");
        Assert.Equal("group A", impact.GetProperty("referenceGroup").GetString());
        var groupB = impact.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "group B");
        Assert.Equal((40, 12), (groupB.GetProperty("applicants").GetInt32(), groupB.GetProperty("selected").GetInt32()));
        Assert.Equal(0.5, groupB.GetProperty("impactRatio").GetDouble(), 6);
        Assert.True(groupB.GetProperty("belowFourFifths").GetBoolean());
        Assert.Equal(["group C"], impact.GetProperty("suppressedGroups").EnumerateArray().Select(g => g.GetString()));
        Assert.DoesNotContain("group C", impact.GetProperty("groups").GetRawText(), StringComparison.Ordinal);

        Assert.Equal(Enumerable.Range(1, 8), root.GetProperty("reliability").GetProperty("byInterviews").EnumerateArray().Select(p => p.GetProperty("interviews").GetInt32()));
        Assert.Equal(6, root.GetProperty("interviewers").GetArrayLength());
        Assert.Equal(3, root.GetProperty("questions").GetArrayLength());
        Assert.True(root.GetProperty("connectivity").GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Calibrate_DegenerateDesign_WarnsAndWritesNoNaN()
    {
        // One rating per interviewer, three disconnected pieces, unused rating points.
        var ratings = Write("ratings.csv", $"""
            {RatingsFiles.Header}
            int-1,c-1,ana,two-sum,problem_solving,1,2025-03-01,
            int-2,c-2,ben,two-sum,problem_solving,4,2025-03-02,
            int-3,c-3,cy,lru-cache,problem_solving,2,2025-03-03,
            """);

        var result = await rapport.RunAsync(["calibrate", "--ratings", ratings, "--out", Out, "--threads", "1"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("warning: 3 interviewer(s) gave a single rating", result.Error, StringComparison.Ordinal);
        var json = await File.ReadAllTextAsync(Out);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(json);
        Assert.False(report.RootElement.GetProperty("connectivity").GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("adverseImpact").ValueKind);
        AssertEveryNumberIsFinite(report.RootElement);
    }

    [Fact]
    public async Task Calibrate_BadRows_NameTheirLines_ExitNonZero_AndLeaveTheOldReportAlone()
    {
        await File.WriteAllTextAsync(Out, "the previous report");
        var ratings = Write("ratings.csv", $"""
            {RatingsFiles.Header}
            int-1,c-1,ana,two-sum,problem_solving,3,2025-03-01T10:00:00Z,
            int-1,c-1,ana,two-sum,communication,5,2025-03-01T10:00:00Z,
            int-2,c-2,ben,two-sum,problem_solving,2,2025-03-02T10:00:00,
            """);

        var result = await rapport.RunAsync(["calibrate", "--ratings", ratings, "--out", Out]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{ratings}: line 3, rating: The rating 5 is outside the scale", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{ratings}: line 4, rated_at: The time '2025-03-02T10:00:00' is not a date and time Rapport can read. Add the time zone", result.Error, StringComparison.Ordinal);
        Assert.Contains("rapport: 2 problem(s)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal("the previous report", await File.ReadAllTextAsync(Out));
        Assert.Empty(Directory.GetFiles(rapport.DataDirectory, "*.tmp"));
    }

    [Fact]
    public async Task Calibrate_AllRatingsIdentical_SaysWhyAndWritesNothing()
    {
        var ratings = Write("ratings.csv", $"""
            {RatingsFiles.Header}
            int-1,c-1,ana,two-sum,problem_solving,3,2025-03-01,
            int-2,c-2,ben,two-sum,problem_solving,3,2025-03-02,
            """);

        var result = await rapport.RunAsync(["calibrate", "--ratings", ratings, "--out", Out]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("rapport: All 2 ratings are 3", result.Error.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(Out));
    }

    [Theory]
    [InlineData("--bar", "4")]
    [InlineData("--scale", "4-1")]
    public async Task Calibrate_BarOrScaleThatCannotWork_IsRefusedWithTheReason(string option, string value)
    {
        var ratings = Write("ratings.csv", RatingsFiles.Krippendorff().Replace(",5,", ",4,", StringComparison.Ordinal));

        var result = await rapport.RunAsync(["calibrate", "--ratings", ratings, "--out", Out, option, value]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("rapport: ", result.Error.Trim(), StringComparison.Ordinal);
        Assert.Contains(option == "--bar" ? "strictly inside the scale" : "--scale '4-1'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public async Task Calibrate_MissingFile_IsOneLine()
    {
        var result = await rapport.RunAsync(["calibrate", "--ratings", "/nowhere/ratings.csv", "--out", Out]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("rapport: --ratings: there is no file '/nowhere/ratings.csv'. Give the path of the ratings CSV.", result.Error.Trim());
    }

    private static void AssertEveryNumberIsFinite(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AssertEveryNumberIsFinite(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertEveryNumberIsFinite(item);
                }

                break;
            case JsonValueKind.Number:
                Assert.True(double.IsFinite(element.GetDouble()));
                break;
        }
    }
}
