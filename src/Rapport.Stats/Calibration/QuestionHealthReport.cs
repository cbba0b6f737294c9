namespace Rapport.Stats.Calibration;

/// <summary>How a question is doing: difficulty, how well it separates candidates, exposure, drift.</summary>
/// <param name="QuestionId">The question.</param>
/// <param name="Interviews">Interviews that used it (its exposure).</param>
/// <param name="RatingCount">Ratings on it.</param>
/// <param name="EnoughData">False until the minimum number of interviews is reached; then only that is said.</param>
/// <param name="Measure">The model's estimate of its difficulty and fit.</param>
/// <param name="Separation">
/// Correlation between its ratings and the candidates' overall ability (point-measure
/// correlation): near 0, the question does not tell strong candidates from weak ones.
/// </param>
/// <param name="EarlyPassRate">Share of ratings at or above the pass rating in the first half of its use.</param>
/// <param name="LatePassRate">The same in the second half.</param>
/// <param name="Drift">How much better (positive) candidates did than the model expects in the second half compared with the first, in rating points.</param>
/// <param name="DriftZ">The drift in standard errors.</param>
/// <param name="PossiblyLeaked">True when candidates have recently done notably and significantly better than expected.</param>
/// <param name="Findings">Sentences a question-bank coordinator can act on.</param>
public sealed record QuestionHealthReport(
    string QuestionId,
    int Interviews,
    int RatingCount,
    bool EnoughData,
    QuestionMeasure Measure,
    double Separation,
    double EarlyPassRate,
    double LatePassRate,
    double Drift,
    double DriftZ,
    bool PossiblyLeaked,
    IReadOnlyList<Finding> Findings);
