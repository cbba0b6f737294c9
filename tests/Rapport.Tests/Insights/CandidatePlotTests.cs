using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Rapport.Features.Insights;
using Rapport.Features.Insights.Pages;
using Rapport.Stats.Calibration;
using Rapport.Stats.Ratings;

namespace Rapport.Tests.Insights;

/// <summary>
/// The candidates' picture on /insights: each whisker spans the model's 95 % interval as fair
/// averages, the dot is the fair average and the diamond the raw average, all where the axis puts
/// them, highest first; with many candidates, those closest to even odds of clearing the bar.
/// </summary>
public sealed partial class CandidatePlotTests
{
    [Fact]
    public async Task CandidatePlot_DrawsTheModelsIntervalAndTheRawAverage_WhereTheAxisPutsThem_HighestFirst()
    {
        var csv = RatingsFiles.FourFifthsExample();
        var ratings = RatingsCsv.Read(new StringReader(csv)).Ratings!;
        var report = Calibration.Run(ratings, groups: null, new CalibrationSettings(3, 1));
        // The oracles: the rater model fitted on its own, and the raw averages counted from the file's own lines.
        var fit = RaterModel.Fit(ratings, new RaterModelOptions { Bar = 3, Threads = 1 });
        var raw = csv.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .GroupBy(f => f[1]).ToDictionary(g => g.Key, g => g.Average(f => double.Parse(f[5], CultureInfo.InvariantCulture)));

        var svg = await RenderAsync(report);

        // The axis: whole points 1 to 4, labelled where they are drawn.
        var ticks = TickPattern().Matches(svg).ToDictionary(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal([1.0, 2, 3, 4], ticks.Keys.Order());
        double At(double points) => ticks[1] + ((points - 1) / 3 * (ticks[4] - ticks[1]));

        var rows = RowPattern().Matches(svg).ToList();
        Assert.Equal(CandidatePlot.MostRows, rows.Count);
        var expectedIds = fit.Candidates.OrderBy(c => Math.Abs(c.ProbabilityAboveBar - 0.5)).ThenBy(c => c.CandidateId, StringComparer.Ordinal).Take(CandidatePlot.MostRows)
            .OrderByDescending(c => c.FairAverage).ThenBy(c => c.CandidateId, StringComparer.Ordinal).Select(c => c.CandidateId);
        Assert.Equal(expectedIds, rows.Select(m => m.Groups["id"].Value));
        foreach (var row in rows)
        {
            var measure = fit.Candidates.Single(c => c.CandidateId == row.Groups["id"].Value);
            Assert.Equal(At(fit.FairAverageAt(measure.Ability - (1.96 * measure.StandardError))), Number(row, "x1"), 0.051);
            Assert.Equal(At(fit.FairAverageAt(measure.Ability + (1.96 * measure.StandardError))), Number(row, "x2"), 0.051);
            Assert.Equal(At(measure.FairAverage), Number(row, "cx"), 0.051);
            Assert.Equal(At(raw[measure.CandidateId]), Number(row, "raw"), 0.051);
            Assert.True(Number(row, "x1") < Number(row, "cx") && Number(row, "cx") < Number(row, "x2"));
        }

        var heights = rows.Select(r => Number(r, "cy")).ToList();
        Assert.Equal(heights.Order(), heights);
    }

    [Fact]
    public async Task CandidatePlot_WithFewCandidates_ShowsEveryOne()
    {
        var ratings = RatingsCsv.Read(new StringReader(RatingsFiles.FourFifthsExample())).Ratings!;
        var report = Calibration.Run(ratings, groups: null, new CalibrationSettings(3, 1));
        var few = report with { Candidates = [.. report.Candidates.Take(7)] };

        var svg = await RenderAsync(few);

        Assert.Equal(few.Candidates.Select(c => c.Id).Order(), RowPattern().Matches(svg).Select(m => m.Groups["id"].Value).Order());
        Assert.Contains("Every candidate, highest calibrated fair average first.", svg, StringComparison.Ordinal);
    }

    private static double Number(Match row, string group) => double.Parse(row.Groups[group].Value, CultureInfo.InvariantCulture);

    private static async Task<string> RenderAsync(CalibrationReport report)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(CandidatePlot.Candidates)] = report.Candidates,
                [nameof(CandidatePlot.Minimum)] = report.Summary.ScaleMinimum,
                [nameof(CandidatePlot.Maximum)] = report.Summary.ScaleMaximum,
                [nameof(CandidatePlot.Bar)] = report.Summary.Bar,
            });
            return (await renderer.RenderComponentAsync<CandidatePlot>(parameters)).ToHtmlString();
        });
    }

    [GeneratedRegex("<text class=\"tick\" x=\"([0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"middle\">([0-9])</text>")]
    private static partial Regex TickPattern();

    [GeneratedRegex("<g class=\"candidate\" data-id=\"(?<id>[^\"]+)\">.*?<line class=\"interval\" x1=\"(?<x1>[0-9.]+)\" y1=\"[0-9.]+\" x2=\"(?<x2>[0-9.]+)\" y2=\"[0-9.]+\"(?: />|></line>)\\s*<circle class=\"estimate\" cx=\"(?<cx>[0-9.]+)\" cy=\"(?<cy>[0-9.]+)\" r=\"4\"(?: />|></circle>)\\s*<path class=\"raw\" d=\"M (?<raw>[0-9.]+) ", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
