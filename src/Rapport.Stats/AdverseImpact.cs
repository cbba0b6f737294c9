namespace Rapport.Stats;

/// <summary>
/// Adverse impact analysis in the manner of the Uniform Guidelines on Employee Selection
/// Procedures (29 CFR 1607.4D): selection rates per group, impact ratios against the group with
/// the highest rate, the four-fifths rule, and significance tests. Groups come only from
/// voluntary self-identification, and groups too small to be anonymous are suppressed.
/// </summary>
public static class AdverseImpact
{
    /// <summary>
    /// The default smallest group whose numbers are shown: below it, a rate would all but
    /// identify the people in the group.
    /// </summary>
    public const int DefaultMinimumGroupSize = 5;

    public static AdverseImpactReport Analyze(IReadOnlyList<GroupOutcome> groups, int minimumGroupSize = DefaultMinimumGroupSize)
    {
        ArgumentNullException.ThrowIfNull(groups);
        CheckMinimum(minimumGroupSize);
        CheckDistinctNames(groups.Select(group => group.Group), nameof(groups));

        var shown = groups.Where(group => group.Applicants >= minimumGroupSize).ToList();
        var suppressed = groups.Where(group => group.Applicants < minimumGroupSize).Select(group => group.Group).ToList();
        if (shown.Count < 2)
        {
            throw new StatisticUndefinedException(
                $"Only {shown.Count} group(s) have at least {minimumGroupSize} applicants; adverse impact compares groups, so at least two are needed. Smaller groups are suppressed to protect the people in them: analyse a longer period or pool roles.");
        }

        // The highest rate, ties going to the larger group: its rate is the better-measured yardstick.
        var reference = shown
            .OrderByDescending(group => group.SelectionRate)
            .ThenByDescending(group => group.Applicants)
            .First();
        if (reference.Selected == 0)
        {
            throw new StatisticUndefinedException(
                "Nobody in any reported group was selected, so there is no highest selection rate to compare with and every impact ratio is 0/0. Analyse a period in which selections were made.");
        }

        var notes = new List<string>();
        var impacts = new List<GroupImpact>
        {
            new(reference.Group, reference.Applicants, reference.Selected, reference.SelectionRate, 1, false, null, null),
        };
        foreach (var group in shown.Where(group => !ReferenceEquals(group, reference)))
        {
            TwoProportionZTestResult? zTest = null;
            if (TwoProportionZTest.TryCompute(group.Selected, group.Applicants, reference.Selected, reference.Applicants, out var computed))
            {
                zTest = computed;
            }
            else
            {
                notes.Add($"The z-test of '{group.Group}' against '{reference.Group}' is not computed: every applicant in both groups had the same outcome.");
            }

            impacts.Add(new GroupImpact(
                group.Group,
                group.Applicants,
                group.Selected,
                group.SelectionRate,
                group.SelectionRate / reference.SelectionRate,
                IsBelowFourFifths(group, reference),
                zTest,
                FisherExactTest.Compute(TwoByTwoTable.FromSelections(group.Selected, group.Applicants, reference.Selected, reference.Applicants))));
        }

        if (suppressed.Count > 0)
        {
            notes.Add($"{suppressed.Count} group(s) with fewer than {minimumGroupSize} applicants are not shown, to protect the people in them.");
        }

        return new AdverseImpactReport(reference.Group, impacts, suppressed, minimumGroupSize, notes);
    }

    /// <summary>
    /// Compares <paramref name="focalGroup"/> with <paramref name="referenceGroup"/> within each
    /// stratum and pools the strata with the Cochran–Mantel–Haenszel test, for when roles or
    /// periods with different selection rates are analysed together.
    /// </summary>
    public static PooledImpactComparison ComparePooled(
        IReadOnlyList<ImpactStratum> strata,
        string focalGroup,
        string referenceGroup,
        int minimumGroupSize = DefaultMinimumGroupSize,
        bool continuityCorrection = true)
    {
        ArgumentNullException.ThrowIfNull(strata);
        CheckMinimum(minimumGroupSize);
        if (string.Equals(focalGroup, referenceGroup, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The focal and reference groups are both '{focalGroup}'. Compare two different groups.", nameof(referenceGroup));
        }

        var tables = new List<TwoByTwoTable>();
        var used = new List<string>();
        var skipped = new List<string>();
        long focalApplicants = 0;
        long referenceApplicants = 0;
        foreach (var stratum in strata)
        {
            CheckDistinctNames(stratum.Groups.Select(group => group.Group), nameof(strata));
            var focal = stratum.Groups.FirstOrDefault(group => group.Group == focalGroup);
            var reference = stratum.Groups.FirstOrDefault(group => group.Group == referenceGroup);
            if (focal is null || reference is null || focal.Applicants + reference.Applicants < 2)
            {
                skipped.Add(stratum.Name);
                continue;
            }

            tables.Add(TwoByTwoTable.FromSelections(focal.Selected, focal.Applicants, reference.Selected, reference.Applicants));
            used.Add(stratum.Name);
            focalApplicants += focal.Applicants;
            referenceApplicants += reference.Applicants;
        }

        if (tables.Count == 0)
        {
            throw new StatisticUndefinedException(
                $"No stratum contains both '{focalGroup}' and '{referenceGroup}', so they cannot be compared within strata. Check the group names, or pool fewer strata.");
        }

        if (focalApplicants < minimumGroupSize || referenceApplicants < minimumGroupSize)
        {
            var small = focalApplicants < minimumGroupSize ? focalGroup : referenceGroup;
            throw new StatisticUndefinedException(
                $"'{small}' has fewer than {minimumGroupSize} applicants across the strata compared, so its results are suppressed to protect the people in it. Analyse a longer period or more roles.");
        }

        return new PooledImpactComparison(
            focalGroup,
            referenceGroup,
            CochranMantelHaenszelTest.Compute(tables, continuityCorrection),
            used,
            skipped);
    }

    /// <summary>
    /// rate / referenceRate &lt; 4/5, decided in integers (5·s·N_ref &lt; 4·s_ref·N) so that a ratio
    /// of exactly 0.8 is never misjudged by floating-point rounding.
    /// </summary>
    private static bool IsBelowFourFifths(GroupOutcome group, GroupOutcome reference) =>
        5L * group.Selected * reference.Applicants < 4L * reference.Selected * group.Applicants;

    private static void CheckMinimum(int minimumGroupSize)
    {
        if (minimumGroupSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumGroupSize), minimumGroupSize, "The minimum group size must be at least 1.");
        }
    }

    private static void CheckDistinctNames(IEnumerable<string> names, string parameterName)
    {
        var duplicate = names.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException(
                $"Group '{duplicate.Key}' appears more than once. Combine its rows into one before the analysis.",
                parameterName);
        }
    }
}
