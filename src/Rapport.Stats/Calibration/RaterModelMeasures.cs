namespace Rapport.Stats.Calibration;

/// <summary>A candidate's calibrated estimate, shown beside (never instead of) the raw ratings.</summary>
/// <param name="CandidateId">The candidate.</param>
/// <param name="Ability">Ability in logits; 0 is the average candidate.</param>
/// <param name="StandardError">Posterior standard deviation of the ability, allowing for the interview terms.</param>
/// <param name="FairAverage">The expected rating from an average interviewer on an average question, averaged over signals.</param>
/// <param name="ProbabilityAboveBar">The probability that the candidate's fair average is above the configured bar.</param>
/// <param name="RawAverage">The plain mean of the candidate's ratings.</param>
/// <param name="RatingCount">Ratings of the candidate.</param>
/// <param name="InterviewCount">Interviews of the candidate.</param>
public sealed record CandidateMeasure(
    string CandidateId,
    double Ability,
    double StandardError,
    double FairAverage,
    double ProbabilityAboveBar,
    double RawAverage,
    int RatingCount,
    int InterviewCount)
{
    /// <summary>
    /// The share of the candidate's ratings given by interviewers whose ratings are erratic (see
    /// <see cref="InterviewerMeasure.Erratic"/>). Those ratings already count for less in the
    /// estimate and its standard error; the share says how much of the evidence they were.
    /// </summary>
    public double ErraticShare { get; init; }

    /// <summary>True when erratic interviewers gave a large part (a fifth or more) of the candidate's ratings: read the estimate with that in mind, and consider another interview.</summary>
    public bool ErraticEvidence => ErraticShare >= InterviewerDispersion.MarkedShare;
}

/// <summary>How harsh or lenient an interviewer is, and how consistently they rate.</summary>
/// <param name="InterviewerId">The interviewer.</param>
/// <param name="Severity">Severity in logits; positive is harsher than the average interviewer.</param>
/// <param name="StandardError">Posterior standard deviation of the severity.</param>
/// <param name="SeverityInPoints">How many rating points lower than an average interviewer this one rates an average candidate; negative is more lenient.</param>
/// <param name="Fit">Infit and outfit mean-squares of the interviewer's ratings.</param>
/// <param name="RawAverage">The plain mean of the interviewer's ratings.</param>
/// <param name="RatingCount">Ratings given.</param>
/// <param name="CandidateCount">Distinct candidates rated.</param>
public sealed record InterviewerMeasure(
    string InterviewerId,
    double Severity,
    double StandardError,
    double SeverityInPoints,
    FitStatistic Fit,
    double RawAverage,
    int RatingCount,
    int CandidateCount)
{
    /// <summary>How much each of the interviewer's ratings counted in the fit: 1, or 1 over the cube of the infit mean-square when their ratings are significantly noisier than the model allows.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>The ratings are erratic: infit at least 1.3 and at least 3 standard errors above 1 (the report's consistency finding).</summary>
    public bool Erratic { get; init; }
}

/// <summary>How hard a question is and how well its ratings fit the model.</summary>
/// <param name="QuestionId">The question.</param>
/// <param name="Difficulty">Difficulty in logits; positive is harder than the average question.</param>
/// <param name="StandardError">Posterior standard deviation of the difficulty.</param>
/// <param name="DifficultyInPoints">How many rating points lower an average candidate scores on it than on an average question.</param>
/// <param name="Fit">Infit and outfit mean-squares of the question's ratings.</param>
/// <param name="RawAverage">The plain mean of the question's ratings.</param>
/// <param name="RatingCount">Ratings on the question.</param>
/// <param name="InterviewCount">Interviews that used the question (its exposure).</param>
public sealed record QuestionMeasure(
    string QuestionId,
    double Difficulty,
    double StandardError,
    double DifficultyInPoints,
    FitStatistic Fit,
    double RawAverage,
    int RatingCount,
    int InterviewCount);

/// <summary>A rubric signal's difficulty and how its rating points are used.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Difficulty">The mean of its thresholds, in logits.</param>
/// <param name="StandardError">Standard error of the difficulty.</param>
/// <param name="Steps">Rasch–Andrich steps (thresholds minus the difficulty; they sum to zero): step h is where points h and h + 1 of the scale are equally likely.</param>
/// <param name="CategoryCounts">How many ratings used each point of the scale, lowest first.</param>
/// <param name="RawAverage">The plain mean of the signal's ratings.</param>
public sealed record SignalMeasure(
    string Signal,
    double Difficulty,
    double StandardError,
    IReadOnlyList<double> Steps,
    IReadOnlyList<int> CategoryCounts,
    double RawAverage);

/// <summary>
/// Mean-square fit of a set of ratings (Wright and Masters, 1982, Rating Scale Analysis, ch. 5):
/// 1 is as the model expects; above about 1.3 the ratings are more erratic than expected,
/// below about 0.7 more predictable (often a sign of using only the middle of the scale).
/// </summary>
/// <param name="Infit">Information-weighted mean-square, Σ residual² / Σ variance.</param>
/// <param name="InfitZ">Infit standardised by the Wilson–Hilferty cube-root transformation.</param>
/// <param name="Outfit">Unweighted mean-square, the mean of squared standardised residuals: sensitive to outliers.</param>
/// <param name="OutfitZ">Outfit standardised likewise.</param>
public sealed record FitStatistic(double Infit, double InfitZ, double Outfit, double OutfitZ);

/// <summary>The variances of the model's random facets, in logits², estimated from the data.</summary>
/// <param name="Candidate">Spread of candidate abilities.</param>
/// <param name="Interviewer">Spread of interviewer severities.</param>
/// <param name="Question">Spread of question difficulties.</param>
/// <param name="Interview">Spread of interview terms (a candidate's day, an interviewer's impression of the whole interview); 0 when the model has no interview term.</param>
public sealed record RaterModelVariances(double Candidate, double Interviewer, double Question, double Interview);
