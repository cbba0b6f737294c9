using Rapport.Infrastructure;
using Rapport.Stats;
using Rapport.Stats.Calibration;
using Rapport.Stats.Ratings;

namespace Rapport.Features.Insights;

/// <summary>
/// Settings of one calibration: the hiring bar, the worker threads, who is told how far it has
/// got, and what runs after each model is fitted (<see cref="AfterEachFit"/>).
/// </summary>
public sealed record CalibrationSettings(double Bar = 3, int Threads = 1, IProgress<CalibrationProgress>? Progress = null)
{
    /// <summary>
    /// Runs after the rater model and again after the cross-check model, when what the fit worked
    /// in is garbage and its result is all that is kept. <c>rapport calibrate</c>, a process that
    /// runs one calibration and exits, gives the memory back there (<see cref="Calibration.ReturnMemory"/>):
    /// without it the collector keeps the first fit's scratch while the next one grows, and the
    /// process peaked over its 1 GiB target at 10 million ratings (bench/README.md). The server
    /// leaves it unset: a full blocking collection would pause every live room.
    /// </summary>
    public Action? AfterEachFit { get; init; }
}

/// <summary>
/// Fits the rater model and the cross-check model to one rating set and turns both into a
/// <see cref="CalibrationReport"/>. The groups are handed only to the fairness analyses
/// (restricted interviewer findings, adverse impact), never to either model.
/// </summary>
public static class Calibration
{
    /// <exception cref="StatisticUndefinedException">The ratings cannot be calibrated (for example, all identical).</exception>
    /// <exception cref="ArgumentException">The bar lies outside the scale.</exception>
    public static CalibrationReport Run(RatingSet ratings, CandidateGroups? groups, CalibrationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(settings);
        var fit = RaterModel.Fit(ratings, new RaterModelOptions { Bar = settings.Bar, Threads = settings.Threads, Progress = settings.Progress });
        settings.AfterEachFit?.Invoke();
        var mixed = CrossedMixedModel.Fit(ratings, settings.Threads, progress: settings.Progress);
        settings.AfterEachFit?.Invoke();
        settings.Progress?.Report(new CalibrationProgress(CalibrationPhase.Reports, 0));
        var interviewers = InterviewerReports.Build(ratings, fit, groups: groups is { Count: > 0 } ? groups : null);
        var questions = QuestionHealth.Build(ratings, fit);
        var warnings = new List<string>(fit.Warnings);
        if (!mixed.Converged)
        {
            warnings.Add($"The cross-check model had not settled after {mixed.Iterations} iterations; treat its variances and reliability as approximate.");
        }

        return new CalibrationReport(
            new ReportSummary(ratings.Count, ratings.CandidateIds.Count, ratings.InterviewerIds.Count, ratings.QuestionIds.Count, ratings.InterviewIds.Count, ratings.Scale.Minimum, ratings.Scale.Maximum, settings.Bar, settings.Threads, fit.Converged && mixed.Converged),
            Candidates(fit, mixed),
            [.. interviewers.Select(Interviewer)],
            [.. questions.Select(Question)],
            [.. fit.Signals.Select(s => new SignalRow(s.Signal, s.RawAverage, new Estimate(s.Difficulty, s.StandardError), s.CategoryCounts))],
            new ReliabilityRow(
                mixed.Reliability.Observed,
                mixed.Reliability.InterviewsPerCandidate,
                mixed.Reliability.InterviewerQ,
                mixed.Reliability.QuestionQ,
                [.. mixed.Reliability.ByInterviews.Select(p => new ReliabilityAt(p.Interviews, p.Reliability))]),
            new VarianceRows(
                new RaterModelVarianceRow(fit.Variances.Candidate, fit.Variances.Interviewer, fit.Variances.Question, fit.Variances.Interview),
                new MixedModelVarianceRow(mixed.Variances.Candidate, mixed.Variances.Interview, mixed.Variances.Interviewer, mixed.Variances.Question, mixed.Variances.Residual)),
            new ConnectivityRow(
                fit.Connectivity.IsConnected,
                [.. fit.Connectivity.Groups.Select(g => new GroupRow(g.CandidateCount, g.InterviewerCount, g.RatingCount, g.Candidates, g.Interviewers))],
                fit.Connectivity.CandidateQuestionGroups,
                fit.Connectivity.InterviewerQuestionGroups,
                fit.Connectivity.Notes),
            groups is { Count: > 0 } ? Impact(fit, groups, settings.Bar) : null,
            warnings)
        {
            RestrictedReview = Review(ratings, interviewers),
        };
    }

    /// <summary>
    /// A full, compacting collection that also hands free memory back to the system
    /// (<see cref="GCCollectionMode.Aggressive"/>), for a batch process between two large steps.
    /// It blocks every thread of the process, so it is never for the server.
    /// </summary>
    public static void ReturnMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>Every candidate rated by an interviewer with a restricted finding, by id.</summary>
    private static List<ReviewRow> Review(RatingSet ratings, IReadOnlyList<InterviewerReport> interviewers)
    {
        var flagged = interviewers
            .Where(r => r.Findings.Any(f => f.Restricted && f.Kind == FindingKind.GroupDifference))
            .ToDictionary(r => r.InterviewerId, r => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        if (flagged.Count == 0)
        {
            return [];
        }

        for (var n = 0; n < ratings.Count; n++)
        {
            var rating = ratings[n];
            if (flagged.TryGetValue(rating.InterviewerId, out var candidates))
            {
                candidates.Add(rating.CandidateId);
            }
        }

        return [.. interviewers.Where(r => flagged.ContainsKey(r.InterviewerId)).Select(r => new ReviewRow(
            r.InterviewerId,
            [.. r.Findings.Where(f => f.Restricted && f.Kind == FindingKind.GroupDifference).Select(f => f.Sentence)],
            [.. flagged[r.InterviewerId].Order(StringComparer.Ordinal)]))];
    }

    private static List<CandidateRow> Candidates(RaterModelFit fit, MixedModelFit mixed)
    {
        // Both fits list candidates in the rating set's order.
        return [.. fit.Candidates.Select((c, index) =>
        {
            var other = mixed.Candidates[index];
            return new CandidateRow(
                c.CandidateId,
                new RawRatings(c.RawAverage, c.RatingCount, c.InterviewCount),
                new CalibratedEstimate(
                    c.Ability,
                    c.StandardError,
                    c.Ability - (1.96 * c.StandardError),
                    c.Ability + (1.96 * c.StandardError),
                    c.FairAverage,
                    c.ProbabilityAboveBar,
                    ShownNumber.Probability(c.ProbabilityAboveBar),
                    c.ErraticShare,
                    c.ErraticEvidence)
                {
                    FairLower95 = fit.FairAverageAt(c.Ability - (1.96 * c.StandardError)),
                    FairUpper95 = fit.FairAverageAt(c.Ability + (1.96 * c.StandardError)),
                },
                new Estimate(other.Effect, other.StandardError));
        })];
    }

    private static InterviewerRow Interviewer(InterviewerReport report)
    {
        var m = report.Measure;
        return new InterviewerRow(
            m.InterviewerId,
            m.RatingCount,
            m.CandidateCount,
            m.RawAverage,
            new Estimate(m.Severity, m.StandardError),
            m.SeverityInPoints,
            Fit(m.Fit),
            report.EnoughData,
            [.. report.Findings.Select(Finding)])
        {
            Weight = m.Weight,
            Erratic = m.Erratic,
        };
    }

    private static QuestionRow Question(QuestionHealthReport report)
    {
        var m = report.Measure;
        return new QuestionRow(
            m.QuestionId,
            report.Interviews,
            report.RatingCount,
            m.RawAverage,
            new Estimate(m.Difficulty, m.StandardError),
            m.DifficultyInPoints,
            Fit(m.Fit),
            report.Separation,
            report.EarlyPassRate,
            report.LatePassRate,
            report.Drift,
            report.DriftZ,
            report.PossiblyLeaked,
            report.EnoughData,
            [.. report.Findings.Select(Finding)]);
    }

    private static FitRow Fit(FitStatistic fit) => new(fit.Infit, fit.InfitZ, fit.Outfit, fit.OutfitZ);

    private static FindingRow Finding(Finding finding) =>
        new(finding.Kind.ToString(), finding.Sentence, finding.Points, finding.Z, finding.Restricted, finding.Logits);

    private const string Selection = "raw average rating at or above the bar";

    private static AdverseImpactRow Impact(RaterModelFit fit, CandidateGroups groups, double bar)
    {
        var outcomes = fit.Candidates
            .Select(c => (Group: groups.GroupOf(c.CandidateId), Selected: c.RawAverage >= bar))
            .Where(c => c.Group is not null)
            .GroupBy(c => c.Group!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupOutcome(g.Key, g.Count(), g.Count(c => c.Selected)))
            .ToList();
        try
        {
            var report = AdverseImpact.Analyze(outcomes);
            return new AdverseImpactRow(
                Selection,
                report.MinimumGroupSize,
                report.ReferenceGroup,
                [.. report.Groups.Select(g => new GroupImpactRow(g.Group, g.Applicants, g.Selected, g.SelectionRate, g.ImpactRatio, g.BelowFourFifths, g.ZTest?.PValue, g.FisherExact?.PValue))],
                report.SuppressedGroups,
                report.Notes);
        }
        catch (StatisticUndefinedException e)
        {
            // Not enough people to compare without identifying them, or nobody selected: say so, show no numbers.
            var suppressed = outcomes.Where(o => o.Applicants < AdverseImpact.DefaultMinimumGroupSize).Select(o => o.Group).ToList();
            return new AdverseImpactRow(Selection, AdverseImpact.DefaultMinimumGroupSize, null, [], suppressed, [e.Message]);
        }
    }
}
