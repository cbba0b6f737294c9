using Rapport.Stats.Calibration;

namespace Rapport.Stats.Tests.Calibration;

/// <summary>
/// Group findings are tested on the model's logit scale: a harsh interviewer's penalty against a
/// group falls where the rating scale is compressed, so it is small in points yet plain in logits.
/// </summary>
public sealed class GroupFindingTests
{
    // j00 rates 2.5 logits harsher than average (most of their ratings are 1 or 2) and a further
    // logit lower for candidates in group B; the other 19 interviewers are clean.
    private static readonly SimulationDesign Harsh = new()
    {
        Candidates = 1500,
        Interviewers = 20,
        Questions = 20,
        BiasedInterviewers = 1,
        Bias = 1,
        BiasedSeverity = 2.5,
    };

    private static readonly Lazy<(SimulatedRatings Simulation, RaterModelFit Fit, IReadOnlyList<InterviewerReport> Reports)> Fitted = new(() =>
    {
        var simulation = RatingSimulator.Simulate(Harsh, new Random(11));
        var fit = RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = 2 });
        return (simulation, fit, InterviewerReports.Build(simulation.Ratings, fit, groups: simulation.Groups));
    });

    [Fact]
    public void GroupFinding_HarshBiasedInterviewer_IsFoundThoughTheGapIsSmallInPoints()
    {
        var (simulation, _, reports) = Fitted.Value;

        var biased = Assert.Single(simulation.Truth.BiasedInterviewers);
        var finding = Assert.Single(reports.Single(r => r.InterviewerId == biased).Findings, f => f.Kind == FindingKind.GroupDifference);
        Assert.True(finding.Restricted);
        // The gap in points is under the 0.25 points the rule in points needed, so that rule missed it.
        Assert.True(-finding.Points is > 0.01 and < 0.25, $"gap of {-finding.Points:F3} points");
        Assert.NotNull(finding.Logits);
        Assert.True(-finding.Logits!.Value is > 0.5 and < 1.5, $"gap of {-finding.Logits.Value:F3} logits");
        Assert.Contains("identify as 'group B'", finding.Sentence, StringComparison.Ordinal);
        Assert.Matches(@"\(0\.\d+ logits on the model.s scale, \d+\.\d standard errors\)", finding.Sentence);
    }

    [Fact]
    public void GroupFinding_CleanInterviewers_AreNotFlagged()
    {
        var (simulation, _, reports) = Fitted.Value;

        var clean = reports.Where(r => !simulation.Truth.BiasedInterviewers.Contains(r.InterviewerId)).ToList();

        Assert.Equal(19, clean.Count);
        Assert.All(clean, r => Assert.DoesNotContain(r.Findings, f => f.Kind == FindingKind.GroupDifference));
    }

    [Fact]
    public void GroupFinding_FewRatingsOfAGroup_SaysNoFindingIsNotNoBias()
    {
        var (simulation, fit, _) = Fitted.Value;

        // Demand more ratings per group than anyone has: every comparison is too thin to make.
        var reports = InterviewerReports.Build(simulation.Ratings, fit, new ReportOptions { MinimumGroupRatings = 100_000 }, simulation.Groups);

        Assert.All(reports, r => Assert.DoesNotContain(r.Findings, f => f.Kind == FindingKind.GroupDifference));
        var notes = reports.SelectMany(r => r.Findings).Where(f => f.Kind == FindingKind.GroupEvidenceThin).ToList();
        Assert.Equal(reports.Count * 2, notes.Count);
        Assert.All(notes, note =>
        {
            Assert.True(note.Restricted);
            Assert.EndsWith("No finding here is not evidence of no bias.", note.Sentence, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void GroupFinding_ImpreciseComparison_SaysHowLargeAGapCouldHide()
    {
        var (simulation, fit, _) = Fitted.Value;

        // At 20 standard errors no comparison here is precise enough to find a 0.4-logit gap.
        var reports = InterviewerReports.Build(simulation.Ratings, fit, new ReportOptions { SignificanceZ = 20 }, simulation.Groups);

        var note = reports.Single(r => r.InterviewerId == "j05").Findings.First(f => f.Kind == FindingKind.GroupEvidenceThin);
        Assert.Matches(@"too few to find a gap smaller than about \d\.\d+ points \(\d+\.\d+ logits\)", note.Sentence);
        Assert.True(note.Logits > 0.4);
        Assert.True(note.Points > 0);
    }
}
