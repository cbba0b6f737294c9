namespace Rapport.Stats;

/// <summary>Selection rates by group, each compared with the group selected at the highest rate.</summary>
/// <param name="ReferenceGroup">The reported group with the highest selection rate, which every impact ratio divides by.</param>
/// <param name="Groups">Every group large enough to report, the reference group first.</param>
/// <param name="SuppressedGroups">Groups with fewer applicants than <paramref name="MinimumGroupSize"/>: named, but with no numbers shown or used.</param>
/// <param name="MinimumGroupSize">The smallest number of applicants a group needs before its numbers are shown.</param>
/// <param name="Notes">Plain sentences about anything not computed and why.</param>
public sealed record AdverseImpactReport(
    string ReferenceGroup,
    IReadOnlyList<GroupImpact> Groups,
    IReadOnlyList<string> SuppressedGroups,
    int MinimumGroupSize,
    IReadOnlyList<string> Notes);

/// <summary>One group's selection rate and its comparison with the reference group.</summary>
/// <param name="Group">The self-identified group.</param>
/// <param name="Applicants">Applicants in the group.</param>
/// <param name="Selected">Applicants selected.</param>
/// <param name="SelectionRate">Selected / applicants.</param>
/// <param name="ImpactRatio">This group's selection rate over the reference group's.</param>
/// <param name="BelowFourFifths">True when the impact ratio is below 4/5, the Uniform Guidelines' rule of thumb for adverse impact.</param>
/// <param name="ZTest">Pooled two-proportion z-test against the reference group; null for the reference group itself, or when undefined (see the report's notes).</param>
/// <param name="FisherExact">Fisher's exact test against the reference group (row 1 this group, row 2 the reference); null for the reference group itself.</param>
public sealed record GroupImpact(
    string Group,
    int Applicants,
    int Selected,
    double SelectionRate,
    double ImpactRatio,
    bool BelowFourFifths,
    TwoProportionZTestResult? ZTest,
    FisherExactTestResult? FisherExact);

/// <summary>One stratum (a role, a period, a site) of a pooled comparison.</summary>
/// <param name="Name">How the stratum is shown, for example "Backend, 2025 Q1".</param>
/// <param name="Groups">The outcomes of the groups within this stratum.</param>
public sealed record ImpactStratum(string Name, IReadOnlyList<GroupOutcome> Groups);

/// <summary>A focal group compared with a reference group within strata, pooled by Cochran–Mantel–Haenszel.</summary>
/// <param name="FocalGroup">The group whose selection is in question (row 1 of every stratum's table).</param>
/// <param name="ReferenceGroup">The group it is compared with (row 2).</param>
/// <param name="Test">The test and the common odds ratio of selection, focal over reference.</param>
/// <param name="StrataUsed">Strata that contained both groups.</param>
/// <param name="StrataSkipped">Strata left out because one of the two groups was absent or the stratum had fewer than 2 applicants.</param>
public sealed record PooledImpactComparison(
    string FocalGroup,
    string ReferenceGroup,
    CochranMantelHaenszelResult Test,
    IReadOnlyList<string> StrataUsed,
    IReadOnlyList<string> StrataSkipped);
