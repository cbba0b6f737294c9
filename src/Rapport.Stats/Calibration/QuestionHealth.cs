using System.Globalization;
using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// Question health from a fitted rater model: difficulty, separation, exposure, and drift over
/// time. A question whose candidates do better than the model expects in the second half of
/// its use than in the first is flagged as possibly leaked. Two passes over the ratings.
/// </summary>
public static class QuestionHealth
{
    /// <summary>Below this point-measure correlation a question barely separates candidates.</summary>
    public const double WeakSeparation = 0.2;

    public static IReadOnlyList<QuestionHealthReport> Build(RatingSet ratings, RaterModelFit fit, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(fit);
        options ??= new ReportOptions();
        options.Validate();
        if (fit.Questions.Count != ratings.QuestionIds.Count)
        {
            throw new ArgumentException("The fit is not of these ratings. Fit the model to the same rating set the report is built from.", nameof(fit));
        }

        var questions = ratings.QuestionIds.Count;
        var first = Enumerable.Repeat(long.MaxValue, questions).ToArray();
        var last = Enumerable.Repeat(long.MinValue, questions).ToArray();
        for (var n = 0; n < ratings.Count; n++)
        {
            var q = ratings.Question[n];
            first[q] = Math.Min(first[q], ratings.RatedAtTicks[n]);
            last[q] = Math.Max(last[q], ratings.RatedAtTicks[n]);
        }

        var early = New(questions);
        var late = New(questions);
        var passes = new int[questions, 2];
        var counts = new int[questions, 2];
        var correlation = new double[questions, 5];
        var state = fit.State;
        var pass = options.PassRating - (int)ratings.Scale.Minimum;
        Span<double> p = stackalloc double[ratings.CategoryCount];
        for (var n = 0; n < ratings.Count; n++)
        {
            var q = ratings.Question[n];
            var ability = state.Ability[ratings.Candidate[n]];
            state.Curves.Fill(ratings.Signal[n], ability + state.InterviewTerm[ratings.Interview[n]] - state.Severity[ratings.Interviewer[n]] - state.Difficulty[q], p);
            var (expected, variance) = SignalCurves.Moments(p);
            var category = ratings.Category[n];
            var half = ratings.RatedAtTicks[n] <= first[q] + ((last[q] - first[q]) / 2) ? 0 : 1;
            (half == 0 ? early : late)[q].Add(category - expected, variance);
            counts[q, half]++;
            passes[q, half] += category >= pass ? 1 : 0;
            correlation[q, 0] += ability;
            correlation[q, 1] += category;
            correlation[q, 2] += ability * ability;
            correlation[q, 3] += (double)category * category;
            correlation[q, 4] += ability * category;
        }

        return [.. fit.Questions.Select((measure, q) =>
        {
            var separation = Correlation(measure.RatingCount, correlation[q, 0], correlation[q, 1], correlation[q, 2], correlation[q, 3], correlation[q, 4]);
            var earlyRate = counts[q, 0] == 0 ? 0 : passes[q, 0] / (double)counts[q, 0];
            var lateRate = counts[q, 1] == 0 ? 0 : passes[q, 1] / (double)counts[q, 1];
            var (drift, z) = late[q].Versus(early[q]) ?? (0, 0);
            var since = new DateTimeOffset(first[q] + ((last[q] - first[q]) / 2), TimeSpan.Zero).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var enough = measure.InterviewCount >= options.MinimumInterviews;
            var leaked = enough && early[q].Count >= options.MinimumRatings && late[q].Count >= options.MinimumRatings
                && drift >= options.NotablePoints && z >= options.SignificanceZ;
            var findings = enough
                ? Findings(measure, separation, earlyRate, lateRate, drift, z, leaked, since, options)
                : [new Finding(FindingKind.NotEnoughData, $"Not enough interviews yet to judge this question: {measure.InterviewCount} of the {options.MinimumInterviews} needed.", 0, 0)];
            return new QuestionHealthReport(measure.QuestionId, measure.InterviewCount, measure.RatingCount, enough, measure, separation, earlyRate, lateRate, drift, z, leaked, findings);
        })];
    }

    private static List<Finding> Findings(QuestionMeasure measure, double separation, double earlyRate, double lateRate, double drift, double z, bool leaked, string since, ReportOptions options)
    {
        var findings = new List<Finding>();
        if (leaked)
        {
            findings.Add(new Finding(FindingKind.PossiblyLeaked, $"Possibly leaked — consider rotating it: since {since}, candidates have done about {InterviewerReports.Points(drift)} points better on it than the model expects, compared with before (pass rate {InterviewerReports.Percent(earlyRate)} then {InterviewerReports.Percent(lateRate)}).", drift, z));
        }

        var points = measure.DifficultyInPoints;
        var difficultyZ = measure.Difficulty / measure.StandardError;
        findings.Add(Math.Abs(points) < options.NotablePoints || Math.Abs(difficultyZ) < options.SignificanceZ
            ? new Finding(FindingKind.Difficulty, "About as hard as the average question.", points, difficultyZ)
            : new Finding(FindingKind.Difficulty, $"{(points > 0 ? "Harder" : "Easier")} than the average question: the same candidate scores about {InterviewerReports.Points(Math.Abs(points))} points {(points > 0 ? "lower" : "higher")} on it.", points, difficultyZ));

        if (separation < WeakSeparation)
        {
            findings.Add(new Finding(FindingKind.Separation, $"Its ratings barely follow the candidates' overall ability (correlation {separation:F2}): it may be measuring something else, or its rubric may be unclear. Review the rubric, or retire it.", separation, 0));
        }

        if (measure.Fit.Infit >= 1.3 && measure.Fit.InfitZ >= options.SignificanceZ)
        {
            findings.Add(new Finding(FindingKind.Consistency, $"Ratings on it are more erratic than the model expects (infit {measure.Fit.Infit:F2}): interviewers may read its rubric differently. Add anchored examples to the rubric.", measure.Fit.Infit, measure.Fit.InfitZ));
        }

        return findings;
    }

    /// <summary>Pearson's r from sums; 0 when either side does not vary, so it is never NaN.</summary>
    private static double Correlation(int n, double sx, double sy, double sxx, double syy, double sxy)
    {
        var covariance = sxy - (sx * sy / n);
        var vx = sxx - (sx * sx / n);
        var vy = syy - (sy * sy / n);
        return vx <= 1e-12 || vy <= 1e-12 ? 0 : Math.Clamp(covariance / Math.Sqrt(vx * vy), -1, 1);
    }

    private static ResidualSum[] New(int count) => [.. Enumerable.Range(0, count).Select(_ => new ResidualSum())];
}
