namespace Rapport.Stats.Tests;

public sealed class AdverseImpactTests
{
    [Fact]
    public void AdverseImpact_EeocExample_GivesImpactRatioOneHalfAndFailsFourFifths()
    {
        // Uniform Guidelines Questions and Answers (EEOC et al., 1979), Q&A 12: 48 of 80 applicants
        // of one group hired (60%), 12 of 40 of another (30%): impact ratio 30/60 = 0.50, below 4/5.
        var report = AdverseImpact.Analyze([new("Group A", 80, 48), new("Group B", 40, 12)]);

        Assert.Equal("Group A", report.ReferenceGroup);
        var groupB = Assert.Single(report.Groups, group => group.Group == "Group B");
        Assert.Equal(0.60, report.Groups[0].SelectionRate, 1e-12);
        Assert.Equal(0.30, groupB.SelectionRate, 1e-12);
        Assert.Equal(0.50, groupB.ImpactRatio, 1e-12);
        Assert.True(groupB.BelowFourFifths);
    }

    [Fact]
    public void AdverseImpact_ComparisonWithReference_CarriesTheZAndFisherTests()
    {
        // The comparison tables are built the same way as the stand-alone tests, whose golden
        // values are checked in their own test classes.
        var report = AdverseImpact.Analyze([new("Group A", 80, 48), new("Group B", 40, 12)]);
        var groupB = report.Groups.Single(group => group.Group == "Group B");

        Assert.Null(report.Groups[0].ZTest);
        Assert.Equal(TwoProportionZTest.Compute(12, 40, 48, 80), groupB.ZTest);
        Assert.Equal(FisherExactTest.Compute(12, 28, 48, 32), groupB.FisherExact);
        Assert.True(groupB.ZTest!.Z < 0);
    }

    [Fact]
    public void AdverseImpact_RatioOfExactlyFourFifths_IsNotFlagged()
    {
        // The rule flags a rate "less than four-fifths" of the highest; 40% against 50% is exactly 4/5.
        var report = AdverseImpact.Analyze([new("Group A", 100, 50), new("Group B", 100, 40)]);

        Assert.False(report.Groups.Single(group => group.Group == "Group B").BelowFourFifths);
    }

    [Fact]
    public void AdverseImpact_SmallGroup_IsSuppressedAndNotUsedAsReference()
    {
        // A group of 3 with a 100% rate must neither be shown nor become the yardstick.
        var report = AdverseImpact.Analyze(
            [new("Group A", 80, 48), new("Group B", 40, 12), new("Group C", 3, 3)],
            minimumGroupSize: 5);

        Assert.Equal("Group A", report.ReferenceGroup);
        Assert.Equal(["Group C"], report.SuppressedGroups);
        Assert.DoesNotContain(report.Groups, group => group.Group == "Group C");
        Assert.Contains(report.Notes, note => note.Contains("fewer than 5 applicants", StringComparison.Ordinal));
    }

    [Fact]
    public void AdverseImpact_OnlyOneGroupLargeEnough_IsUndefinedWithAnExplanation()
    {
        var error = Assert.Throws<StatisticUndefinedException>(
            () => AdverseImpact.Analyze([new("Group A", 80, 48), new("Group B", 4, 1)], minimumGroupSize: 5));

        Assert.Contains("at least two are needed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdverseImpact_NobodySelected_IsUndefinedWithAnExplanation()
    {
        var error = Assert.Throws<StatisticUndefinedException>(
            () => AdverseImpact.Analyze([new("Group A", 80, 0), new("Group B", 40, 0)]));

        Assert.Contains("Nobody in any reported group was selected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdverseImpact_DuplicateGroup_IsRejectedWithAFix()
    {
        var error = Assert.Throws<ArgumentException>(
            () => AdverseImpact.Analyze([new("Group A", 80, 48), new("Group A", 40, 12)]));

        Assert.Contains("Combine its rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdverseImpact_PooledAcrossDepartments_MatchesRsMantelhaenTestOnBerkeleyAdmissions()
    {
        // Bickel, Hammel and O'Connell (1975), Berkeley graduate admissions 1973 (R's
        // UCBAdmissions): admitted of applicants by department. R's mantelhaen.test(UCBAdmissions)
        // prints X-squared = 1.4269, p-value = 0.2323, common odds ratio 0.9046968 with 95%
        // interval 0.7719074 1.0603298 (odds of admission, men over women).
        ImpactStratum Department(string name, int menAdmitted, int menRejected, int womenAdmitted, int womenRejected) =>
            new(name, [new("Men", menAdmitted + menRejected, menAdmitted), new("Women", womenAdmitted + womenRejected, womenAdmitted)]);

        var comparison = AdverseImpact.ComparePooled(
            [
                Department("A", 512, 313, 89, 19),
                Department("B", 353, 207, 17, 8),
                Department("C", 120, 205, 202, 391),
                Department("D", 138, 279, 131, 244),
                Department("E", 53, 138, 94, 299),
                Department("F", 22, 351, 24, 317),
            ],
            focalGroup: "Men",
            referenceGroup: "Women");

        Assert.Equal(1.4269, comparison.Test.ChiSquare, 0.00005);
        Assert.Equal(0.2323, comparison.Test.PValue, 0.00005);
        Assert.Equal(0.9046968, comparison.Test.CommonOddsRatio!.Value, 5e-8);
        Assert.Equal(0.7719074, comparison.Test.OddsRatioLower!.Value, 5e-8);
        Assert.Equal(1.0603298, comparison.Test.OddsRatioUpper!.Value, 5e-8);
        Assert.Equal(6, comparison.StrataUsed.Count);
    }

    [Fact]
    public void AdverseImpact_PooledWithTooFewInAGroup_IsSuppressed()
    {
        var error = Assert.Throws<StatisticUndefinedException>(() => AdverseImpact.ComparePooled(
            [
                new("Q1", [new("Men", 30, 10), new("Women", 2, 1)]),
                new("Q2", [new("Men", 30, 12), new("Women", 2, 0)]),
            ],
            focalGroup: "Women",
            referenceGroup: "Men",
            minimumGroupSize: 5));

        Assert.Contains("'Women' has fewer than 5 applicants", error.Message, StringComparison.Ordinal);
    }
}
