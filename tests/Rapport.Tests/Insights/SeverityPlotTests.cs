using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Rapport.Features.Insights;
using Rapport.Features.Insights.Pages;

namespace Rapport.Tests.Insights;

/// <summary>The interviewers' severity picture: every one when they are few; with many, those furthest from average either way, harshest first.</summary>
public sealed partial class SeverityPlotTests
{
    private static InterviewerRow Rater(string id, double logits) =>
        new(id, 40, 20, 2.5, new Estimate(logits, 0.2), -logits / 2, new FitRow(1, 0, 1, 0), true, []);

    [Fact]
    public async Task ManyInterviewers_ShowTheFortyFurthestFromAverage_HarshestFirst_AndSaySo()
    {
        // Severities -3.0 to 2.9 in tenths: the forty furthest from zero are the 39 with |s| >= 1.1 and,
        // of the two at 1.0, rater20 (-1.0), first by id.
        var raters = Enumerable.Range(0, 60).Select(i => Rater($"rater{i:00}@example.com", (i - 30) / 10.0)).ToList();

        var svg = await RenderAsync(raters);

        var expected = raters.OrderByDescending(r => Math.Abs(r.SeverityLogits.Value)).ThenBy(r => r.Id, StringComparer.Ordinal).Take(SeverityPlot.MostRows)
            .OrderByDescending(r => r.SeverityLogits.Value).Select(r => r.Id).ToList();
        var drawn = RowPattern().Matches(svg).Select(m => (Id: m.Groups["id"].Value, Y: double.Parse(m.Groups["cy"].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(expected, drawn.Select(d => d.Id));
        Assert.Equal(drawn.Select(d => d.Y).Order(), drawn.Select(d => d.Y));
        Assert.Equal(40, drawn.Count);
        Assert.Contains(drawn, d => d.Id == "rater20@example.com");
        Assert.DoesNotContain(drawn, d => d.Id is "rater40@example.com" or "rater30@example.com");  // the tie's loser, and the average interviewer
        Assert.Contains("The 40 of 60 interviewers furthest from the average interviewer, harshest first.", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FewInterviewers_AreEveryOneShown()
    {
        var raters = Enumerable.Range(0, 5).Select(i => Rater($"r{i}", i - 2.0)).ToList();

        var svg = await RenderAsync(raters);

        Assert.Equal(["r4", "r3", "r2", "r1", "r0"], RowPattern().Matches(svg).Select(m => m.Groups["id"].Value));
        Assert.Contains("One row per interviewer, harshest first.", svg, StringComparison.Ordinal);
    }

    private static async Task<string> RenderAsync(IReadOnlyList<InterviewerRow> raters)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(SeverityPlot.Interviewers)] = raters });
            return (await renderer.RenderComponentAsync<SeverityPlot>(parameters)).ToHtmlString();
        });
    }

    [GeneratedRegex("<g class=\"interviewer\" data-id=\"(?<id>[^\"]+)\">.*?<circle class=\"estimate\" cx=\"[0-9.]+\" cy=\"(?<cy>[0-9.]+)\"", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
