using System.Globalization;
using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// Turns a fitted rater model into a report per interviewer: severity, severity per signal,
/// consistency, use of the scale, halo, drift over time and, only when groups are handed in,
/// differences by candidate group. Each finding is a sentence an interviewer can act on, shown
/// only when the interviewer has enough data and the finding is both large enough to matter
/// and unlikely to be chance. One pass over the ratings.
/// </summary>
public static class InterviewerReports
{
    public static IReadOnlyList<InterviewerReport> Build(RatingSet ratings, RaterModelFit fit, ReportOptions? options = null, CandidateGroups? groups = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(fit);
        options ??= new ReportOptions();
        options.Validate();
        if (fit.Interviewers.Count != ratings.InterviewerIds.Count)
        {
            throw new ArgumentException("The fit is not of these ratings. Fit the model to the same rating set the report is built from.", nameof(fit));
        }

        var groupNames = groups?.Groups ?? [];
        var groupOf = CandidateGroupIndices(ratings, groups, groupNames);
        var evidence = ResidualEvidence.Collect(ratings, fit.State, groupOf, groupNames.Count);
        return [.. fit.Interviewers.Select((measure, j) => Report(ratings, fit, measure, evidence[j], options, groupNames))];
    }

    private static InterviewerReport Report(RatingSet ratings, RaterModelFit fit, InterviewerMeasure measure, InterviewerEvidence evidence, ReportOptions options, IReadOnlyList<string> groupNames)
    {
        if (measure.RatingCount < options.MinimumRatings || measure.CandidateCount < options.MinimumCandidates)
        {
            var sentence = NotEnoughData(measure, options);
            return new InterviewerReport(measure.InterviewerId, measure.RatingCount, measure.CandidateCount, false, measure, [new Finding(FindingKind.NotEnoughData, sentence, 0, 0)]);
        }

        var findings = new List<Finding> { SeverityFinding(measure, options) };
        findings.AddRange(SignalFindings(ratings, fit, measure, evidence, options));
        findings.AddRange(ConsistencyFindings(measure, options));
        findings.AddRange(ScaleFindings(ratings, evidence, options));
        findings.AddRange(HaloFindings(evidence, options));
        findings.AddRange(DriftFindings(evidence, options));
        findings.AddRange(GroupFindings(evidence, options, groupNames));
        return new InterviewerReport(measure.InterviewerId, measure.RatingCount, measure.CandidateCount, true, measure, findings);
    }

    /// <summary>
    /// Names only what is short, as "12 of the 30 ratings needed": enough candidates are not
    /// reported as a shortfall ("9 of the 5 candidates needed" was both untrue and confusing).
    /// </summary>
    private static string NotEnoughData(InterviewerMeasure measure, ReportOptions options)
    {
        var ratingsShort = measure.RatingCount < options.MinimumRatings;
        var candidatesShort = measure.CandidateCount < options.MinimumCandidates;
        var ratings = $"{measure.RatingCount} of the {Counted(options.MinimumRatings, "rating", "ratings")}";
        var candidates = $"{measure.CandidateCount} of the {Counted(options.MinimumCandidates, "candidate", "candidates")}";
        return (ratingsShort, candidatesShort) switch
        {
            (true, true) => $"Not enough ratings yet to say anything fair: {ratings} and {candidates} needed.",
            (true, false) => $"Not enough ratings yet to say anything fair: {ratings} needed.",
            _ => $"Not enough candidates yet to say anything fair: {candidates} needed.",
        };
    }

    /// <summary>"1 rating", "30 ratings".</summary>
    internal static string Counted(int count, string singular, string plural) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural)}";

    private static Finding SeverityFinding(InterviewerMeasure measure, ReportOptions options)
    {
        var points = measure.SeverityInPoints;
        var z = measure.Severity / measure.StandardError;
        if (Math.Abs(points) < options.NotablePoints || Math.Abs(z) < options.SignificanceZ)
        {
            return new Finding(FindingKind.Severity, $"Rates close to the average interviewer (within {Points(options.NotablePoints)} points once candidates and questions are allowed for).", points, z);
        }

        return points > 0
            ? new Finding(FindingKind.Severity, $"Rates about {Points(points)} points harsher than the average interviewer would rate the same answers. Compare a few of your scorecards with the rubric's anchors alongside a colleague who rates close to average.", points, z)
            : new Finding(FindingKind.Severity, $"Rates about {Points(-points)} points more leniently than the average interviewer would rate the same answers. Check that your high ratings cite evidence that meets the rubric's anchors.", points, z);
    }

    private static IEnumerable<Finding> SignalFindings(RatingSet ratings, RaterModelFit fit, InterviewerMeasure measure, InterviewerEvidence evidence, ReportOptions options)
    {
        for (var s = 0; s < ratings.Signals.Count; s++)
        {
            var sum = evidence.BySignal[s];
            if (sum.Count < options.MinimumRatings || sum.Variance <= 0)
            {
                continue;
            }

            var z = sum.Residual / Math.Sqrt(sum.Variance);
            var overall = fit.State.Curves.Expected(s, 0) - fit.State.Curves.Expected(s, -measure.Severity);
            var points = overall - sum.Mean;
            if (Math.Abs(sum.Mean) >= options.NotablePoints && Math.Abs(z) >= options.SignificanceZ && Math.Abs(points) >= options.NotablePoints)
            {
                var direction = points > 0 ? "harsher" : "more leniently";
                yield return new Finding(FindingKind.SignalSeverity, $"Rates '{ratings.Signals[s]}' about {Points(Math.Abs(points))} points {direction} than the average interviewer, more than on your other signals. Re-read that signal's anchors and compare a recent scorecard with a colleague's.", points, z);
            }
        }
    }

    private static IEnumerable<Finding> ConsistencyFindings(InterviewerMeasure measure, ReportOptions options)
    {
        var fit = measure.Fit;
        if (fit.Infit >= 1.3 && fit.InfitZ >= options.SignificanceZ)
        {
            yield return new Finding(FindingKind.Consistency, $"Ratings are more erratic than the model expects (infit {fit.Infit:F2}; 1 is as expected): similar answers get quite different ratings. Write the evidence first, then pick the rating whose anchor it matches.", fit.Infit, fit.InfitZ);
        }
        else if (fit.Infit <= 0.7 && fit.InfitZ <= -options.SignificanceZ)
        {
            yield return new Finding(FindingKind.Consistency, $"Ratings are more predictable than the model expects (infit {fit.Infit:F2}; 1 is as expected), often a sign of rating from an overall impression. Rate each signal on its own evidence.", fit.Infit, fit.InfitZ);
        }
    }

    private static IEnumerable<Finding> ScaleFindings(RatingSet ratings, InterviewerEvidence evidence, ReportOptions options)
    {
        var count = evidence.BySignal.Sum(sum => sum.Count);
        if (evidence.ExtremeVariance <= 0)
        {
            yield break;
        }

        var observed = evidence.Extremes / (double)count;
        var expected = evidence.ExpectedExtremes / count;
        var z = (evidence.Extremes - evidence.ExpectedExtremes) / Math.Sqrt(evidence.ExtremeVariance);
        var ends = $"{ratings.Scale.Minimum} and {ratings.Scale.Maximum}";
        if (observed - expected <= -0.1 && z <= -options.SignificanceZ)
        {
            yield return new Finding(FindingKind.ScaleUse, $"Uses {ends} in {Percent(observed)} of ratings where the model expects {Percent(expected)}: keeping to the middle of the scale hides real differences. Use the ends when the evidence clearly meets their anchors.", observed - expected, z);
        }
        else if (observed - expected >= 0.1 && z >= options.SignificanceZ)
        {
            yield return new Finding(FindingKind.ScaleUse, $"Uses {ends} in {Percent(observed)} of ratings where the model expects {Percent(expected)}. Keep the ends of the scale for evidence that clearly meets their anchors.", observed - expected, z);
        }
    }

    private static IEnumerable<Finding> HaloFindings(InterviewerEvidence evidence, ReportOptions options)
    {
        if (evidence.Scorecards < options.MinimumCandidates || evidence.FlatVariance <= 0)
        {
            yield break;
        }

        var observed = evidence.FlatScorecards / (double)evidence.Scorecards;
        var expected = evidence.ExpectedFlat / evidence.Scorecards;
        var z = (evidence.FlatScorecards - evidence.ExpectedFlat) / Math.Sqrt(evidence.FlatVariance);
        if (observed - expected >= 0.15 && z >= options.SignificanceZ)
        {
            yield return new Finding(FindingKind.Halo, $"Gave every signal the same rating in {Percent(observed)} of interviews where the model expects {Percent(expected)}: one impression may be colouring all signals. Rate each signal from its own evidence before moving to the next.", observed - expected, z);
        }
    }

    private static IEnumerable<Finding> DriftFindings(InterviewerEvidence evidence, ReportOptions options)
    {
        if (evidence.Early.Count < options.MinimumRatings || evidence.Late.Count < options.MinimumRatings || evidence.Late.Versus(evidence.Early) is not var (difference, z))
        {
            yield break;
        }

        if (Math.Abs(difference) >= options.NotablePoints && Math.Abs(z) >= options.SignificanceZ)
        {
            var since = new DateTimeOffset(evidence.FirstTicks + ((evidence.LastTicks - evidence.FirstTicks) / 2), TimeSpan.Zero).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var direction = difference < 0 ? "harsher" : "more lenient";
            yield return new Finding(FindingKind.Drift, $"Has become {direction} over time: since {since}, ratings are about {Points(Math.Abs(difference))} points {(difference < 0 ? "lower" : "higher")} than the model expects, compared with before. Re-calibrate against the rubric's anchors.", difference, z);
        }
    }

    /// <summary>
    /// A group rated lower than the model expects from the candidates' other interviews, tested on
    /// the logit scale (so a harsh interviewer, whose penalty falls where the scale is compressed,
    /// is not missed) and told in points for reading. Where the evidence could not have shown a
    /// notable gap, a note says so: no finding is not the same as no bias.
    /// </summary>
    private static IEnumerable<Finding> GroupFindings(InterviewerEvidence evidence, ReportOptions options, IReadOnlyList<string> groupNames)
    {
        for (var g = 0; g < groupNames.Count; g++)
        {
            var inside = evidence.ByGroup[g];
            var outside = evidence.OutsideGroup[g];
            var name = groupNames[g];
            if (inside.Count == 0)
            {
                continue;
            }

            if (inside.Count < options.MinimumGroupRatings || outside.Count < options.MinimumGroupRatings || evidence.GroupCandidates[g].Count < options.MinimumGroupCandidates || inside.VersusInLogits(outside) is not var (logits, error))
            {
                yield return new Finding(FindingKind.GroupEvidenceThin, $"Too few ratings to compare candidates who identify as '{name}' with others ({Counted(inside.Count, "rating", "ratings")} of {Counted(evidence.GroupCandidates[g].Count, "candidate", "candidates")}; {options.MinimumGroupRatings} and {options.MinimumGroupCandidates} needed). No finding here is not evidence of no bias.", 0, 0, Restricted: true);
                continue;
            }

            var z = logits / error;
            var points = inside.Mean - outside.Mean;

            // Only the adverse direction: with two groups, "higher for one" is the mirror of "lower for the other".
            if (logits <= -options.NotableLogits && z <= -options.SignificanceZ)
            {
                yield return new Finding(FindingKind.GroupDifference, $"Rates candidates who identify as '{name}' about {Points(-points)} points lower than the model expects from their other interviews, compared with other candidates ({Points(-logits)} logits on the model's scale, {(-z).ToString("0.0", CultureInfo.InvariantCulture)} standard errors). Have a second reader review the evidence on these scorecards.", points, z, Restricted: true) { Logits = logits };
                continue;
            }

            // The smallest adverse gap this comparison could have flagged, in logits and in points.
            var detectable = Math.Max(options.NotableLogits, options.SignificanceZ * error);
            if (detectable > options.NotableLogits)
            {
                var detectablePoints = detectable * inside.PointsPerLogit;
                yield return new Finding(FindingKind.GroupEvidenceThin, $"The ratings of candidates who identify as '{name}' are too few to find a gap smaller than about {Points(detectablePoints)} points ({Points(detectable)} logits). No finding here is not evidence of no bias.", detectablePoints, 0, Restricted: true) { Logits = detectable };
            }
        }
    }

    private static int[] CandidateGroupIndices(RatingSet ratings, CandidateGroups? groups, IReadOnlyList<string> names)
    {
        var index = names.Select((name, i) => (name, i)).ToDictionary(pair => pair.name, pair => pair.i, StringComparer.Ordinal);
        return [.. ratings.CandidateIds.Select(id => groups?.GroupOf(id) is { } group ? index[group] : -1)];
    }

    internal static string Points(double points) => points.ToString("0.0#", CultureInfo.InvariantCulture);

    internal static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);
}
