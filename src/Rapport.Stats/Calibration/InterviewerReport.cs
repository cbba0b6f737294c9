namespace Rapport.Stats.Calibration;

/// <summary>What an interviewer can learn from their ratings, in sentences they can act on.</summary>
/// <param name="InterviewerId">The interviewer.</param>
/// <param name="RatingCount">Ratings given.</param>
/// <param name="CandidateCount">Distinct candidates rated.</param>
/// <param name="EnoughData">False until the minimum amount of data is reached; then only that is said.</param>
/// <param name="Measure">The model's estimate, for those who want the numbers.</param>
/// <param name="Findings">The findings, most important first.</param>
public sealed record InterviewerReport(
    string InterviewerId,
    int RatingCount,
    int CandidateCount,
    bool EnoughData,
    InterviewerMeasure Measure,
    IReadOnlyList<Finding> Findings);

/// <summary>One finding in one sentence.</summary>
/// <param name="Kind">What the finding is about.</param>
/// <param name="Sentence">The finding, with what to do about it.</param>
/// <param name="Points">Its size in rating points (or in share of ratings for scale use and halo); 0 when it has no size. For a thin-evidence note about a group, the smallest gap in points that could have been found.</param>
/// <param name="Z">Its size in standard errors; 0 when it has none.</param>
/// <param name="Restricted">
/// True for findings about candidate groups: shown only to people allowed to see fairness data,
/// never to the interviewer, because they rest on the candidates' self-identification.
/// </param>
public sealed record Finding(FindingKind Kind, string Sentence, double Points, double Z, bool Restricted = false)
{
    /// <summary>Its size in logits, the scale group differences are tested on; null for findings tested in points.</summary>
    public double? Logits { get; init; }
}

public enum FindingKind
{
    NotEnoughData,
    Severity,
    SignalSeverity,
    Consistency,
    ScaleUse,
    Halo,
    Drift,
    GroupDifference,
    GroupEvidenceThin,
    Difficulty,
    Separation,
    PossiblyLeaked,
}
