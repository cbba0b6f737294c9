using System.CommandLine;
using System.Runtime;
using Rapport.Features.Insights;
using Rapport.Stats;

namespace Rapport.Cli;

/// <summary><c>rapport calibrate --ratings FILE.csv --out report.json</c>: the calibration report of a ratings export.</summary>
internal static class CalibrateCommand
{
    /// <param name="output">Standard output: the one-line summary.</param>
    /// <param name="error">Standard error, escaped for the terminal: problems and warnings.</param>
    /// <param name="progress">Where progress goes while the command runs (silent unless a terminal).</param>
    public static Command Create(TextWriter output, TextWriter error, Func<ProgressLine> progress)
    {
        var ratings = RatingsFile.RatingsOption();
        var scale = RatingsFile.ScaleOption();
        var outFile = new Option<string>("--out") { Description = "Where to write the JSON report (replaced only when the whole report is ready).", Required = true };
        var bar = new Option<double>("--bar") { Description = "The hiring bar as a rating, for P(above bar) and adverse impact (default 3).", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: the machine's cores). The same count gives the same figures.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var calibrate = new Command("calibrate", "Fit the rater model and the cross-check model to a ratings CSV and write a JSON report: calibrated estimates beside raw ratings, interviewer severity, question health, reliability, adverse impact.")
        {
            ratings, scale, outFile, bar, threads,
        };
        calibrate.SetAction(async (parsed, ct) =>
        {
            if (parsed.GetValue(threads) < 1)
            {
                await error.WriteLineAsync("rapport: --threads must be at least 1.");
                return RapportCommandLine.UsageError;
            }

            var path = parsed.GetValue(outFile)!;
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
            {
                await error.WriteLineAsync($"rapport: --out: the folder '{folder}' does not exist. Create it or write the report elsewhere.");
                return 1;
            }

            // A batch that exits when done: no collection beside the threads (the workstation
            // collector's background one took a tenth more processor time at 10 million ratings).
            GCSettings.LatencyMode = GCLatencyMode.Batch;
            var line = progress();
            var import = await RatingsFile.ReadAsync(parsed.GetValue(ratings)!, parsed.GetValue(scale)!, error, ct, line);
            if (import is null)
            {
                line.Clear();
                return 1;
            }

            CalibrationReport report;
            try
            {
                report = await Task.Run(() => Calibration.Run(import.Ratings!, import.Groups, new CalibrationSettings(parsed.GetValue(bar), parsed.GetValue(threads), line) { AfterEachFit = Calibration.ReturnMemory }), ct);
                await ReportJson.WriteAtomicallyAsync(report, path, ct);
            }
            catch (Exception e) when (e is StatisticUndefinedException or ArgumentException)
            {
                line.Clear();
                await error.WriteLineAsync($"rapport: {e.Message}");
                return 1;
            }
            finally
            {
                line.Clear();
            }

            foreach (var warning in report.Warnings)
            {
                await error.WriteLineAsync($"warning: {warning}");
            }

            await output.WriteLineAsync($"Calibrated {report.Summary.Ratings} rating(s) of {report.Summary.Candidates} candidate(s) by {report.Summary.Interviewers} interviewer(s) on {report.Summary.Questions} question(s); reliability of the mean rating {report.Reliability.Observed:0.00}. Report: {path}");
            return 0;
        });
        return calibrate;
    }
}
