using Rapport.Stats.Calibration;
using Rapport.Stats.Ratings;

namespace Rapport.Stats.Tests.Calibration;

/// <summary>
/// Interviewer reports and question health on simulated data with planted problems: each
/// problem is found on the right interviewer or question, and clean data raises no flags.
/// </summary>
public sealed class ReportsTests
{
    private static readonly SimulationDesign Design = new() { Candidates = 600, Interviewers = 20, Questions = 20 };

    private static readonly FindingKind[] Flags = [FindingKind.SignalSeverity, FindingKind.Consistency, FindingKind.ScaleUse, FindingKind.Halo, FindingKind.Drift, FindingKind.GroupDifference];

    private static readonly Lazy<(RatingSet Ratings, CandidateGroups Groups, RaterModelFit Fit)> Planted = new(() =>
    {
        // j00, j01 erratic; j02, j03 biased against group B (by the simulator); then, by hand:
        // j05 gives every signal of an interview the same rating (halo), j06 turns harsh in the
        // second half of the year, and question q03 gets easier in the second half (a leak).
        var simulation = RatingSimulator.Simulate(Design with { ErraticInterviewers = 2, BiasedInterviewers = 2, Bias = 1.5 }, new Random(2024));
        var ratings = simulation.Ratings;
        var middle = Design.Start + (Design.Period / 2);
        var firstSignal = new Dictionary<string, int>();
        var planted = Enumerable.Range(0, ratings.Count).Select(n => ratings[n]).Select(r =>
        {
            if (r.InterviewerId == "j05")
            {
                var key = r.InterviewId;
                firstSignal.TryAdd(key, r.Value);
                return r with { Value = firstSignal[key] };
            }

            if (r.InterviewerId == "j06" && r.RatedAt > middle)
            {
                return r with { Value = Math.Max(1, r.Value - 1) };
            }

            return r.QuestionId == "q03" && r.RatedAt > middle ? r with { Value = Math.Min(4, r.Value + 1) } : r;
        }).ToList();
        var set = RatingSet.Create(planted);
        return (set, simulation.Groups, RaterModel.Fit(set, new RaterModelOptions { Threads = 2 }));
    });

    private static readonly Lazy<(SimulatedRatings Simulation, RaterModelFit Fit)> Clean = new(() =>
    {
        var simulation = RatingSimulator.Simulate(Design, new Random(99));
        return (simulation, RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = 2 }));
    });

    [Fact]
    public void InterviewerReports_ErraticInterviewers_AreToldTheirRatingsAreErratic()
    {
        var (ratings, groups, fit) = Planted.Value;

        var reports = InterviewerReports.Build(ratings, fit, groups: groups);

        foreach (var erratic in new[] { "j00", "j01" })
        {
            var finding = reports.Single(r => r.InterviewerId == erratic).Findings.Single(f => f.Kind == FindingKind.Consistency);
            Assert.StartsWith("Ratings are more erratic than the model expects", finding.Sentence, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void InterviewerReports_BiasedInterviewers_AreFlaggedOnlyForReviewers()
    {
        var (ratings, groups, fit) = Planted.Value;

        var reports = InterviewerReports.Build(ratings, fit, groups: groups);

        var flagged = reports.Where(r => r.Findings.Any(f => f.Kind == FindingKind.GroupDifference)).Select(r => r.InterviewerId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["j02", "j03"], flagged);
        var finding = reports.Single(r => r.InterviewerId == "j02").Findings.Single(f => f.Kind == FindingKind.GroupDifference);
        Assert.True(finding.Restricted);
        Assert.Contains("identify as 'group B'", finding.Sentence, StringComparison.Ordinal);
        Assert.Contains("points lower than the model expects", finding.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void InterviewerReports_WithoutGroups_SayNothingAboutGroups()
    {
        var (ratings, _, fit) = Planted.Value;

        var reports = InterviewerReports.Build(ratings, fit);

        Assert.DoesNotContain(reports.SelectMany(r => r.Findings), f => f.Kind == FindingKind.GroupDifference);
    }

    [Fact]
    public void InterviewerReports_SameRatingForEverySignal_IsCalledHalo()
    {
        var (ratings, groups, fit) = Planted.Value;

        var reports = InterviewerReports.Build(ratings, fit, groups: groups);

        var finding = reports.Single(r => r.InterviewerId == "j05").Findings.Single(f => f.Kind == FindingKind.Halo);
        Assert.StartsWith("Gave every signal the same rating in 100% of interviews", finding.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(FindingKind.Halo, reports.Where(r => r.InterviewerId != "j05").SelectMany(r => r.Findings.Select(f => f.Kind)));
    }

    [Fact]
    public void InterviewerReports_InterviewerTurningHarsh_IsToldWhen()
    {
        var (ratings, groups, fit) = Planted.Value;

        var reports = InterviewerReports.Build(ratings, fit, groups: groups);

        var finding = reports.Single(r => r.InterviewerId == "j06").Findings.Single(f => f.Kind == FindingKind.Drift);
        Assert.StartsWith("Has become harsher over time: since 2025-", finding.Sentence, StringComparison.Ordinal);
        Assert.True(finding.Points < -0.25);
    }

    [Fact]
    public void InterviewerReports_CleanData_RaiseNoFlags()
    {
        var (simulation, fit) = Clean.Value;

        var reports = InterviewerReports.Build(simulation.Ratings, fit, groups: simulation.Groups);

        Assert.All(reports, report => Assert.DoesNotContain(report.Findings, finding => Flags.Contains(finding.Kind)));
        Assert.All(reports, report => Assert.Equal(FindingKind.Severity, report.Findings[0].Kind));
    }

    [Fact]
    public void InterviewerReports_SeverityFinding_MatchesTheMeasure()
    {
        var (simulation, fit) = Clean.Value;

        var reports = InterviewerReports.Build(simulation.Ratings, fit);

        var harshest = reports.MaxBy(r => r.Measure.SeverityInPoints)!;
        Assert.True(harshest.Measure.SeverityInPoints > 0.25, "the simulation should contain a clearly harsh interviewer");
        Assert.Matches(@"^Rates about \d\.\d+ points harsher than the average interviewer", harshest.Findings[0].Sentence);
    }

    [Fact]
    public void InterviewerReports_TooFewRatings_SayOnlyThatInOneSentence()
    {
        var at = new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);
        var set = RatingSet.Create(
        [
            new Rating("i1", "A", "ana", "q1", "coding", 4, at),
            new Rating("i1", "A", "ana", "q1", "design", 3, at),
            new Rating("i2", "B", "ben", "q1", "coding", 1, at),
            new Rating("i2", "B", "ben", "q1", "design", 2, at),
        ]);

        var reports = InterviewerReports.Build(set, RaterModel.Fit(set));

        var finding = Assert.Single(reports[0].Findings);
        Assert.False(reports[0].EnoughData);
        Assert.Equal("Not enough ratings yet to say anything fair: 2 of the 30 ratings and 1 of the 5 candidates needed.", finding.Sentence);
    }

    [Fact]
    public void InterviewerReports_EnoughCandidatesButTooFewRatings_NameOnlyTheRatingsShort()
    {
        var at = new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);
        var set = RatingSet.Create(Enumerable.Range(1, 9).SelectMany(c => new[]
        {
            new Rating($"i{c}", $"c{c}", "ana", "q1", "coding", 1 + (c % 4), at),
            new Rating($"j{c}", $"c{c}", "ben", "q1", "coding", 1 + ((c + 1) % 4), at),
        }));

        var reports = InterviewerReports.Build(set, RaterModel.Fit(set));

        // Nine candidates are more than the five needed: saying "9 of the 5 candidates needed" was untrue.
        var finding = Assert.Single(reports[0].Findings);
        Assert.Equal("Not enough ratings yet to say anything fair: 9 of the 30 ratings needed.", finding.Sentence);
    }

    [Fact]
    public void InterviewerReports_EnoughRatingsButTooFewCandidates_NameOnlyTheCandidatesShort()
    {
        var at = new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);
        var set = RatingSet.Create(Enumerable.Range(1, 2).SelectMany(c => Enumerable.Range(1, 20).SelectMany(s => new[]
        {
            new Rating($"i{c}", $"c{c}", "ana", "q1", $"signal-{s}", 1 + ((c + s) % 4), at),
            new Rating($"i{c}", $"c{c}", "ben", "q1", $"signal-{s}", 1 + ((c + s + 1) % 4), at),
        })));

        var reports = InterviewerReports.Build(set, RaterModel.Fit(set));

        var finding = Assert.Single(reports[0].Findings);
        Assert.Equal(40, reports[0].Measure.RatingCount);
        Assert.Equal("Not enough candidates yet to say anything fair: 2 of the 5 candidates needed.", finding.Sentence);
    }

    [Fact]
    public void QuestionHealth_QuestionGettingEasier_IsPossiblyLeaked()
    {
        var (ratings, _, fit) = Planted.Value;

        var health = QuestionHealth.Build(ratings, fit);

        var leaked = Assert.Single(health, h => h.PossiblyLeaked);
        Assert.Equal("q03", leaked.QuestionId);
        Assert.StartsWith("Possibly leaked — consider rotating it: since 2025-", leaked.Findings[0].Sentence, StringComparison.Ordinal);
        Assert.True(leaked.LatePassRate > leaked.EarlyPassRate);
    }

    [Fact]
    public void QuestionHealth_CleanData_FlagsNothingAndSeparatesCandidates()
    {
        var (simulation, fit) = Clean.Value;

        var health = QuestionHealth.Build(simulation.Ratings, fit);

        Assert.DoesNotContain(health, h => h.PossiblyLeaked);
        Assert.All(health, h => Assert.True(h.Separation > QuestionHealth.WeakSeparation, $"{h.QuestionId}: {h.Separation}"));
        Assert.All(health, h => Assert.Equal(h.Measure.InterviewCount, h.Interviews));
    }
}
