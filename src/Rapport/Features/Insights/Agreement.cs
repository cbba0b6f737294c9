using Rapport.Stats;
using Rapport.Stats.Ratings;

namespace Rapport.Features.Insights;

/// <summary>
/// Agreement between interviewers who scored the same thing, from the ratings CSV itself: a unit
/// is one signal of one question in one interview, the raters are the interviewers who rated it
/// (a double-scored interview has two or more). Each statistic is computed only where it applies;
/// otherwise the report says why not.
/// </summary>
public static class Agreement
{
    public static AgreementReport Measure(RatingSet ratings, IReadOnlyList<AlphaMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(metrics);
        var raters = ratings.InterviewerIds;
        var raterIndex = raters.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var unitIndex = new Dictionary<(string, string, string), int>();
        var units = new List<double?[]>();
        for (var n = 0; n < ratings.Count; n++)
        {
            var rating = ratings[n];
            var key = (rating.InterviewId, rating.QuestionId, rating.Signal);
            if (!unitIndex.TryGetValue(key, out var u))
            {
                u = units.Count;
                unitIndex.Add(key, u);
                units.Add(new double?[raters.Count]);
            }

            units[u][raterIndex[rating.InterviewerId]] = rating.Value;
        }

        var matrix = RatingMatrix.FromUnits(units, ratings.Scale);
        var counts = Enumerable.Range(0, matrix.UnitCount).Select(matrix.RatingCount).ToList();
        var scored = counts.Count(c => c >= 2);
        var notes = new List<string>();
        if (scored == 0)
        {
            notes.Add("No unit was rated by two or more interviewers, so there is no agreement to measure. Agreement needs double-scored interviews: two interviewers rating the same signal of the same question in the same interview.");
        }

        return new AgreementReport(
            matrix.UnitCount,
            raters.Count,
            ratings.Count,
            scored,
            [.. metrics.Select(metric => Alpha(matrix, metric))],
            Icc(units, counts, raters.Count),
            raters.Count == 2 ? Kappas(matrix, raters) : null,
            Fleiss(units, counts),
            notes);
    }

    private static AlphaRow Alpha(RatingMatrix matrix, AlphaMetric metric)
    {
        try
        {
            var alpha = KrippendorffAlpha.Compute(matrix, metric);
            return new AlphaRow(metric.ToString().ToLowerInvariant(), alpha.Alpha, alpha.ObservedDisagreement, alpha.ExpectedDisagreement, alpha.UnitsUsed, alpha.UnitsWithOneRating, null);
        }
        catch (Exception e) when (e is StatisticUndefinedException or ArgumentException)
        {
            return new AlphaRow(metric.ToString().ToLowerInvariant(), null, null, null, 0, 0, e.Message);
        }
    }

    /// <summary>Shrout and Fleiss's forms need the same raters on every unit: computed over the units every interviewer rated.</summary>
    private static IccRow Icc(List<double?[]> units, List<int> counts, int raters)
    {
        var complete = units.Where((_, u) => counts[u] == raters).Select(IReadOnlyList<double?> (r) => r).ToList();
        if (raters < 2 || complete.Count < 2)
        {
            return new IccRow(null, $"Not computed: the intraclass correlations need units that every interviewer rated, and {complete.Count} of {units.Count} are.");
        }

        try
        {
            var icc = IntraclassCorrelation.Compute(RatingMatrix.FromUnits(complete));
            return new IccRow(new IccValues(icc.Icc1Single, icc.Icc2Single, icc.Icc3Single, icc.Icc1Average, icc.Icc2Average, icc.Icc3Average, icc.Units, icc.Raters), null);
        }
        catch (Exception e) when (e is StatisticUndefinedException or ArgumentException)
        {
            return new IccRow(null, $"Not computed: {e.Message}");
        }
    }

    private static KappaRows Kappas(RatingMatrix matrix, IReadOnlyList<string> raters)
    {
        try
        {
            var table = AgreementTable.FromRatings(matrix, 0, 1);
            return new KappaRows(
                raters[0],
                raters[1],
                Kappa(CohenKappa.Compute(table)),
                Kappa(WeightedKappa.Compute(table, KappaWeighting.Linear)),
                Kappa(WeightedKappa.Compute(table, KappaWeighting.Quadratic)),
                null);
        }
        catch (Exception e) when (e is StatisticUndefinedException or ArgumentException)
        {
            return new KappaRows(raters[0], raters[1], null, null, null, $"Not computed: {e.Message}");
        }
    }

    private static KappaRow Kappa(KappaResult result)
    {
        var (lower, upper) = result.ConfidenceInterval();
        return new KappaRow(result.Kappa, result.StandardError, lower, upper, result.Subjects);
    }

    /// <summary>Fleiss' kappa needs the same number of ratings on every unit (the raters may differ).</summary>
    private static FleissRow Fleiss(List<double?[]> units, List<int> counts)
    {
        var rated = units.Where((_, u) => counts[u] >= 2).Select(IReadOnlyList<double?> (r) => r).ToList();
        var sizes = counts.Where(c => c >= 2).Distinct().Order().ToList();
        if (rated.Count < 2)
        {
            return new FleissRow(null, "Not computed: fewer than two units have two or more ratings.");
        }

        if (sizes.Count > 1)
        {
            return new FleissRow(null, $"Not computed: Fleiss' kappa needs the same number of ratings on every unit, and these have {sizes[0]} to {sizes[^1]}.");
        }

        try
        {
            var fleiss = FleissKappa.FromRatings(RatingMatrix.FromUnits(rated));
            return new FleissRow(new FleissValues(fleiss.Kappa, fleiss.ObservedAgreement, fleiss.ExpectedAgreement, fleiss.Subjects, fleiss.RatersPerSubject), null);
        }
        catch (Exception e) when (e is StatisticUndefinedException or ArgumentException)
        {
            return new FleissRow(null, $"Not computed: {e.Message}");
        }
    }
}

/// <summary>Agreement between interviewers on double-scored units. A statistic that does not apply is null with a note saying why.</summary>
public sealed record AgreementReport(
    int Units,
    int Raters,
    int Ratings,
    int UnitsWithTwoOrMoreRatings,
    IReadOnlyList<AlphaRow> KrippendorffAlpha,
    IccRow IntraclassCorrelation,
    KappaRows? CohenKappa,
    FleissRow FleissKappa,
    IReadOnlyList<string> Notes);

public sealed record AlphaRow(string Metric, double? Alpha, double? ObservedDisagreement, double? ExpectedDisagreement, int UnitsUsed, int UnitsWithOneRating, string? Note);

public sealed record IccRow(IccValues? Values, string? Note);

/// <summary>Shrout and Fleiss (1979): ICC(1,1), (2,1), (3,1) for one rater, (1,k), (2,k), (3,k) for the mean of k.</summary>
public sealed record IccValues(double Icc1Single, double Icc2Single, double Icc3Single, double Icc1Average, double Icc2Average, double Icc3Average, int Units, int Raters);

/// <summary>Cohen's kappa and the weighted kappas, for exactly two interviewers.</summary>
public sealed record KappaRows(string FirstRater, string SecondRater, KappaRow? Unweighted, KappaRow? LinearWeights, KappaRow? QuadraticWeights, string? Note);

public sealed record KappaRow(double Kappa, double StandardError, double Lower95, double Upper95, long Subjects);

public sealed record FleissRow(FleissValues? Values, string? Note);

public sealed record FleissValues(double Kappa, double ObservedAgreement, double ExpectedAgreement, int Subjects, int RatersPerSubject);
