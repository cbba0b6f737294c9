using System.Diagnostics;
using System.Globalization;
using Rapport.Stats.Bench;
using Rapport.Stats.Calibration;
using Rapport.Stats.Ratings;

// Speed and recovery of Rapport's calibration models on simulated data with known truth.
// Usage: dotnet run -c Release --project bench/calibration -- [--ratings 1000000] [--runs 3]
//        [--threads 2] [--seed 42] [--only rater|mixed|both] [--export DIR] | --read FILE.csv
var options = BenchOptions.Parse(args);
if (options.Read is { } file)
{
    // Time the CSV reader alone on an exported file.
    var clock = Stopwatch.StartNew();
    using var stream = File.OpenRead(file);
    var import = RatingsCsv.Read(stream);
    Console.WriteLine(Invariant($"read {import.Ratings?.Count ?? 0:N0} ratings ({import.ProblemCount} problems) in {clock.Elapsed.TotalSeconds:F2} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
    return;
}

if (options.Coverage > 0)
{
    // Interval coverage on the issue's design, seed after seed; --ratings sets the size.
    Coverage.Run((int)(options.Ratings / 20), options.Coverage, options.Threads);
    return;
}

var signals = 5;
var candidates = (int)(options.Ratings / (4 * signals));
var design = new SimulationDesign
{
    Candidates = candidates,
    Interviewers = Math.Max(50, candidates / 100),
    Questions = 200,
    ErraticInterviewers = 3,
    BiasedInterviewers = 3,
};

var watch = Stopwatch.StartNew();
var simulation = RatingSimulator.Simulate(design, new Random(options.Seed));
Console.WriteLine(Invariant($"{simulation.Ratings.Count:N0} ratings: {design.Candidates:N0} candidates × 4 interviews × {signals} signals, {design.Interviewers} interviewers (3 erratic, 3 biased), {design.Questions} questions; simulated in {watch.Elapsed.TotalSeconds:F1} s"));
if (options.Export is { } directory)
{
    BenchExport.Write(directory, simulation);
    Console.WriteLine($"exported ratings and truth to {directory}");
}

var raterTimes = new List<double>();
var mixedTimes = new List<double>();
RaterModelFit? fit = null;
MixedModelFit? mixed = null;
for (var run = 0; run < options.Runs; run++)
{
    if (options.Only != "mixed")
    {
        GC.Collect();
        watch.Restart();
        fit = RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = options.Threads });
        raterTimes.Add(watch.Elapsed.TotalSeconds);
    }

    if (options.Only != "rater")
    {
        GC.Collect();
        watch.Restart();
        mixed = CrossedMixedModel.Fit(simulation.Ratings, options.Threads);
        mixedTimes.Add(watch.Elapsed.TotalSeconds);
    }
}

var truth = simulation.Truth;
if (fit is not null)
{
    Console.WriteLine(Invariant($"rater model: median {Median(raterTimes):F2} s of {string.Join(", ", raterTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}; {fit.Sweeps} sweeps, converged {fit.Converged}, {options.Threads} threads"));
    Console.WriteLine("  " + Recovery.Describe("candidates", [.. fit.Candidates.Select(c => c.Ability)], truth.Ability, withRmse: true));
    Console.WriteLine("  " + Recovery.Describe("interviewers", [.. fit.Interviewers.Select(i => i.Severity)], truth.Severity, withRmse: true));
    Console.WriteLine("  " + Recovery.Describe("questions", [.. fit.Questions.Select(q => q.Difficulty)], truth.Difficulty, withRmse: true));
    Console.WriteLine(Invariant($"  variances: candidates {fit.Variances.Candidate:F3}, interviewers {fit.Variances.Interviewer:F3}, questions {fit.Variances.Question:F3}, interviews {fit.Variances.Interview:F3} (simulated 1, 0.25, 0.25, 0.09)"));
}

if (mixed is not null)
{
    Console.WriteLine(Invariant($"mixed model: median {Median(mixedTimes):F2} s of {string.Join(", ", mixedTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}; {mixed.Iterations} iterations, converged {mixed.Converged}"));
    Console.WriteLine("  " + Recovery.Describe("candidates", [.. mixed.Candidates.Select(c => c.Effect)], truth.Ability, withRmse: false));
    Console.WriteLine("  " + Recovery.Describe("interviewers", [.. mixed.Interviewers.Select(i => -i.Effect)], truth.Severity, withRmse: false));
    Console.WriteLine("  " + Recovery.Describe("questions", [.. mixed.Questions.Select(q => -q.Effect)], truth.Difficulty, withRmse: false));
    var v = mixed.Variances;
    Console.WriteLine(Invariant($"  variances (points²): candidates {v.Candidate:F4}, interviews {v.Interview:F4}, interviewers {v.Interviewer:F4}, questions {v.Question:F4}, residual {v.Residual:F4}"));
    Console.WriteLine(Invariant($"  G(q,k) observed {mixed.Reliability.Observed:F3} (q interviewers {mixed.Reliability.InterviewerQ:F3}, q questions {mixed.Reliability.QuestionQ:F3}); by interviews: {string.Join(" ", mixed.Reliability.ByInterviews.Select(p => $"{p.Interviews}:{p.Reliability:F2}"))}"));
}

if (fit is not null)
{
    watch.Restart();
    var reports = InterviewerReports.Build(simulation.Ratings, fit, groups: simulation.Groups);
    var reportSeconds = watch.Elapsed.TotalSeconds;
    bool Flagged(string id, FindingKind kind) => reports.Single(r => r.InterviewerId == id).Findings.Any(f => f.Kind == kind);
    FindingKind[] flags = [FindingKind.SignalSeverity, FindingKind.Consistency, FindingKind.ScaleUse, FindingKind.Halo, FindingKind.Drift, FindingKind.GroupDifference];
    var planted = truth.ErraticInterviewers.Concat(truth.BiasedInterviewers).ToHashSet();
    var falseFlags = reports.Where(r => !planted.Contains(r.InterviewerId)).Sum(r => r.Findings.Count(f => flags.Contains(f.Kind)));
    Console.WriteLine(Invariant($"reports ({reportSeconds:F2} s): erratic flagged {truth.ErraticInterviewers.Count(id => Flagged(id, FindingKind.Consistency))}/{truth.ErraticInterviewers.Count}, biased flagged {truth.BiasedInterviewers.Count(id => Flagged(id, FindingKind.GroupDifference))}/{truth.BiasedInterviewers.Count}, flags on the {reports.Count - planted.Count} clean interviewers: {falseFlags}"));
}

Console.WriteLine(Invariant($"peak working set {Environment.WorkingSet / 1e6:F0} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB peak"));

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
