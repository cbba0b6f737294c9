namespace Rapport.Features.Insights;

/// <summary>
/// What <c>rapport calibrate</c> writes and the Insights page shows: raw ratings always beside the
/// calibrated figures, never replaced by them. Every number is finite (see <see cref="ReportJson"/>).
/// </summary>
public sealed record CalibrationReport(
    ReportSummary Summary,
    IReadOnlyList<CandidateRow> Candidates,
    IReadOnlyList<InterviewerRow> Interviewers,
    IReadOnlyList<QuestionRow> Questions,
    IReadOnlyList<SignalRow> Signals,
    ReliabilityRow Reliability,
    VarianceRows Variances,
    ConnectivityRow Connectivity,
    AdverseImpactRow? AdverseImpact,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// For each interviewer with a restricted (group) finding, every candidate they rated, so a
    /// decision can allow for it. Empty unless the calibration was given the groups, so it exists
    /// only where restricted findings may be seen. Which of the candidates belong to the group is
    /// not said: that would disclose each one's self-identification.
    /// </summary>
    public IReadOnlyList<ReviewRow> RestrictedReview { get; init; } = [];
}

// Interviewer: The interviewer with a restricted finding.
// Findings: Their restricted findings' sentences.
// Candidates: Every candidate they rated, whatever the group.
public sealed record ReviewRow(string Interviewer, IReadOnlyList<string> Findings, IReadOnlyList<string> Candidates);

public sealed record ReportSummary(
    int Ratings,
    int Candidates,
    int Interviewers,
    int Questions,
    int Interviews,
    double ScaleMinimum,
    double ScaleMaximum,
    double Bar,
    int Threads,
    bool Converged);

// Raw: What the interviewers gave, unchanged.
// Calibrated: The rater model's estimate, allowing for whom and what the candidate drew.
// CrossCheck: The mixed model's effect in rating points, as a second opinion.
public sealed record CandidateRow(string Id, RawRatings Raw, CalibratedEstimate Calibrated, Estimate CrossCheck);

public sealed record RawRatings(double Average, int Ratings, int Interviews);

// Ability: Logits; 0 is the average candidate.
// Lower95: Ability − 1.96 SE.
// Upper95: Ability + 1.96 SE.
// FairAverage: The expected rating from an average interviewer on an average question.
// ProbabilityAboveBar: Probability that the fair average is above the bar, exact (for programs).
// ProbabilityAboveBarShown: The same for people: one decimal in percent, "< 0.1 %" or "> 99.9 %" beyond.
// ErraticShare: Share of the candidate's ratings given by interviewers whose ratings are erratic.
// ErraticEvidence: True when that share is a fifth or more: those ratings already count for less, and the interval is wider for it.
public sealed record CalibratedEstimate(
    double Ability,
    double StandardError,
    double Lower95,
    double Upper95,
    double FairAverage,
    double ProbabilityAboveBar,
    string ProbabilityAboveBarShown,
    double ErraticShare,
    bool ErraticEvidence)
{
    /// <summary>Lower95 as a fair average (rating points): where the interval starts on the rating scale.</summary>
    public double FairLower95 { get; init; }

    /// <summary>Upper95 as a fair average (rating points).</summary>
    public double FairUpper95 { get; init; }
}

public sealed record Estimate(double Value, double StandardError);

// SeverityLogits: Positive is harsher than the average interviewer.
// SeverityPoints: Rating points lower than an average interviewer gives an average candidate.
// Findings: Sentences; those marked restricted are about candidate groups and never go to the interviewer.
// Weight: How much each rating counted in the fit: below 1 for erratic ratings (1 / infit³).
// Erratic: Infit at least 1.3 and 3 standard errors above 1.
public sealed record InterviewerRow(
    string Id,
    int Ratings,
    int Candidates,
    double RawAverage,
    Estimate SeverityLogits,
    double SeverityPoints,
    FitRow Fit,
    bool EnoughData,
    IReadOnlyList<FindingRow> Findings)
{
    public double Weight { get; init; } = 1;

    public bool Erratic { get; init; }
}

public sealed record FitRow(double Infit, double InfitZ, double Outfit, double OutfitZ);

// Logits: The size on the model's scale, where group differences are tested; null for findings tested in points.
public sealed record FindingRow(string Kind, string Sentence, double Points, double Z, bool Restricted, double? Logits);

// Separation: Point-measure correlation: near 0, the question does not tell strong candidates from weak ones.
// Drift: How much better candidates did than expected in the second half of the question's use, in points.
public sealed record QuestionRow(
    string Id,
    int Interviews,
    int Ratings,
    double RawAverage,
    Estimate DifficultyLogits,
    double DifficultyPoints,
    FitRow Fit,
    double Separation,
    double EarlyPassRate,
    double LatePassRate,
    double Drift,
    double DriftZ,
    bool PossiblyLeaked,
    bool EnoughData,
    IReadOnlyList<FindingRow> Findings);

public sealed record SignalRow(string Signal, double RawAverage, Estimate DifficultyLogits, IReadOnlyList<int> RatingsPerPoint);

// Observed: G(q,k) for the design as run.
// ByInterviews: G for 1 to 8 interviews per candidate.
public sealed record ReliabilityRow(double Observed, double InterviewsPerCandidate, double InterviewerQ, double QuestionQ, IReadOnlyList<ReliabilityAt> ByInterviews);

public sealed record ReliabilityAt(int Interviews, double Reliability);

// RaterModel: Logits².
// MixedModel: Rating points².
public sealed record VarianceRows(RaterModelVarianceRow RaterModel, MixedModelVarianceRow MixedModel);

public sealed record RaterModelVarianceRow(double Candidate, double Interviewer, double Question, double Interview);

public sealed record MixedModelVarianceRow(double Candidate, double Interview, double Interviewer, double Question, double Residual);

public sealed record ConnectivityRow(bool Connected, IReadOnlyList<GroupRow> Groups, int CandidateQuestionGroups, int InterviewerQuestionGroups, IReadOnlyList<string> Notes);

public sealed record GroupRow(int Candidates, int Interviewers, int Ratings, IReadOnlyList<string> SomeCandidates, IReadOnlyList<string> SomeInterviewers);

/// <summary>
/// Selection rates by self-identified group. "Selected" means a raw average at or above the bar:
/// the outcome the ratings themselves imply. Groups smaller than the minimum are named but get no numbers.
/// </summary>
public sealed record AdverseImpactRow(
    string Selection,
    int MinimumGroupSize,
    string? ReferenceGroup,
    IReadOnlyList<GroupImpactRow> Groups,
    IReadOnlyList<string> SuppressedGroups,
    IReadOnlyList<string> Notes);

public sealed record GroupImpactRow(string Group, int Applicants, int Selected, double SelectionRate, double ImpactRatio, bool BelowFourFifths, double? ZTestP, double? FisherExactP);
