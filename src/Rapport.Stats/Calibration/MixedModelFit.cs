namespace Rapport.Stats.Calibration;

/// <summary>The cross-check model: a linear mixed model on the raw rating points.</summary>
/// <param name="Variances">The variance components, in rating points².</param>
/// <param name="SignalMeans">The fixed effect of each signal: its mean rating for an average candidate, interviewer and question.</param>
/// <param name="Candidates">Each candidate's predicted effect (BLUP) with its standard error.</param>
/// <param name="Interviewers">Each interviewer's predicted effect: positive rates higher (more leniently) than average.</param>
/// <param name="Questions">Each question's predicted effect: positive is easier than average.</param>
/// <param name="Reliability">How reliable a candidate's mean rating is, observed and for other numbers of interviews.</param>
/// <param name="Iterations">Backfitting iterations run.</param>
/// <param name="Converged">Whether the estimates settled before the iteration limit.</param>
public sealed record MixedModelFit(
    MixedModelVariances Variances,
    IReadOnlyList<LevelEffect> SignalMeans,
    IReadOnlyList<LevelEffect> Candidates,
    IReadOnlyList<LevelEffect> Interviewers,
    IReadOnlyList<LevelEffect> Questions,
    ReliabilityEstimate Reliability,
    int Iterations,
    bool Converged);

/// <summary>Variance components of the rating points.</summary>
/// <param name="Candidate">Between candidates: what the process is meant to measure.</param>
/// <param name="Interview">Between interviews of the same candidate, beyond the interviewer's and question's main effects.</param>
/// <param name="Interviewer">Between interviewers' overall leniency.</param>
/// <param name="Question">Between questions' overall ease.</param>
/// <param name="Residual">Within an interview, between ratings.</param>
public sealed record MixedModelVariances(double Candidate, double Interview, double Interviewer, double Question, double Residual);

/// <summary>One level's effect on the rating scale.</summary>
/// <param name="Id">The candidate, interviewer, question or signal.</param>
/// <param name="Effect">Its effect in rating points (for signals, the mean).</param>
/// <param name="StandardError">Its prediction standard error.</param>
/// <param name="RatingCount">Ratings behind it.</param>
public sealed record LevelEffect(string Id, double Effect, double StandardError, int RatingCount);

/// <summary>Reliability of the mean rating, G(q,k) of Putka et al. (2008).</summary>
/// <param name="Observed">G(q,k) for the design as run.</param>
/// <param name="InterviewerQ">q for interviewers: 0 when all candidates meet the same interviewers, 1/k̂ when none share one.</param>
/// <param name="QuestionQ">q for questions.</param>
/// <param name="InterviewsPerCandidate">Harmonic mean interviews per candidate.</param>
/// <param name="ByInterviews">Projected G for 1 to 8 interviews, with the observed overlap of interviewers and questions and the observed ratings per interview.</param>
public sealed record ReliabilityEstimate(
    double Observed,
    double InterviewerQ,
    double QuestionQ,
    double InterviewsPerCandidate,
    IReadOnlyList<ReliabilityPoint> ByInterviews);

/// <summary>Projected reliability with <paramref name="Interviews"/> interviews per candidate.</summary>
public sealed record ReliabilityPoint(int Interviews, double Reliability);
