using Microsoft.Extensions.Time.Testing;
using Rapport.Cli;
using Rapport.Stats;
using Rapport.Tests.Insights;

namespace Rapport.Tests.Cli;

/// <summary>Progress of a long calibration: on a terminal, after two seconds, in place; piped, nothing at all.</summary>
public sealed class ProgressLineTests
{
    [Fact]
    public void Report_OnATerminal_ShowsThePhaseAfterTwoSeconds_InPlace_AndClearsIt()
    {
        var time = new FakeTimeProvider();
        var terminal = new StringWriter();
        var line = new ProgressLine(terminal, isTerminal: true, time);

        line.Report(new CalibrationProgress(CalibrationPhase.Reading, 10_000_000, 640_000_000));
        Assert.Equal("", terminal.ToString());

        time.Advance(TimeSpan.FromSeconds(2.1));
        line.Report(new CalibrationProgress(CalibrationPhase.Reading, 320_000_000, 640_000_000));
        time.Advance(TimeSpan.FromSeconds(0.1));
        line.Report(new CalibrationProgress(CalibrationPhase.Reading, 330_000_000, 640_000_000));
        time.Advance(TimeSpan.FromSeconds(0.3));
        line.Report(new CalibrationProgress(CalibrationPhase.RaterModel, 7));
        line.Clear();

        var first = "\rReading the ratings: 50 % (320 MB of 640 MB)";
        var second = "\rFitting the rater model: sweep 7";
        Assert.Equal(first + second.PadRight(first.Length) + "\r" + new string(' ', second.Length - 1) + "\r", terminal.ToString());
    }

    [Fact]
    public void Report_WhenPiped_WritesNothing()
    {
        var time = new FakeTimeProvider();
        var terminal = new StringWriter();
        var line = new ProgressLine(terminal, isTerminal: false, time);

        time.Advance(TimeSpan.FromSeconds(10));
        line.Report(new CalibrationProgress(CalibrationPhase.CrossCheck, 3));
        line.Clear();

        Assert.Equal("", terminal.ToString());
    }

    [Fact]
    public async Task Calibrate_OnATerminal_ShowsEachPhase_AndLeavesStandardOutputAsAPipedRunHasIt()
    {
        var folder = Directory.CreateTempSubdirectory("rapport-progress-").FullName;
        try
        {
            var ratings = Path.Combine(folder, "ratings.csv");
            await File.WriteAllTextAsync(ratings, RatingsFiles.FourFifthsExample());
            string[] args = ["calibrate", "--ratings", ratings, "--out", Path.Combine(folder, "report.json"), "--threads", "1"];

            // Every reading of this clock moves it a second on: every report comes "long" after the start.
            var terminal = new StringWriter();
            var (shownOut, shownError) = (new StringWriter(), new StringWriter());
            var shownCode = await RapportCommandLine.RunAsync(args, shownOut, shownError, terminal, new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) });
            var shownReport = await File.ReadAllBytesAsync(Path.Combine(folder, "report.json"));

            var (pipedOut, pipedError) = (new StringWriter(), new StringWriter());
            var pipedCode = await RapportCommandLine.RunAsync(args, pipedOut, pipedError, terminal: null, new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) });

            Assert.Equal(0, shownCode);
            Assert.Equal(0, pipedCode);
            Assert.Contains("\rFitting the rater model: sweep 1", terminal.ToString(), StringComparison.Ordinal);
            Assert.Contains("\rFitting the cross-check model: iteration 1", terminal.ToString(), StringComparison.Ordinal);
            Assert.Contains("\rWriting the report", terminal.ToString(), StringComparison.Ordinal);
            Assert.EndsWith("\r", terminal.ToString(), StringComparison.Ordinal);
            Assert.Equal(pipedOut.ToString(), shownOut.ToString());
            Assert.Equal(pipedError.ToString(), shownError.ToString());
            Assert.DoesNotContain("\r", pipedOut.ToString() + pipedError.ToString(), StringComparison.Ordinal);
            Assert.Equal(shownReport, await File.ReadAllBytesAsync(Path.Combine(folder, "report.json")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
