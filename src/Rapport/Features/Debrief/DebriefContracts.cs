using Rapport.Features.Scorecards;

namespace Rapport.Features.Debrief;

/// <summary>
/// The debrief of a loop: the submitted scorecards side by side, the grid of signals × scorecards
/// with its disagreements, the calibrated figures beside the raw ones, what evidence is thin, who
/// has not submitted (once the deadline opened it without them), and the decision so far.
/// </summary>
public sealed record DebriefResponse(
    Guid LoopId,
    string Candidate,
    string Role,
    string State,
    DateTimeOffset? Deadline,
    IReadOnlyList<LoopScorecardResponse> Scorecards,
    IReadOnlyList<MissingScorecard> Missing,
    IReadOnlyList<GridRow> Grid,
    IReadOnlyList<Disagreement> Disagreements,
    CalibratedFigures Calibration,
    IReadOnlyList<string> ThinEvidence,
    string? PlanAnotherInterview,
    DecisionResponse? Decision,
    IReadOnlyList<DecisionResponse> History,
    bool MayDecide);

/// <summary>Someone on the panel of an ended interview whose scorecard is not in.</summary>
public sealed record MissingScorecard(Guid InterviewId, DateTimeOffset InterviewAt, string Interviewer);

/// <summary>
/// One signal across the panel: a cell per scorecard (same order as the scorecards), its spread,
/// the mean of the levels as given (null when nobody assessed it) and, beside it, the mean of the
/// severity-adjusted levels where the raters' severity is known.
/// </summary>
public sealed record GridRow(
    string Signal,
    string SignalName,
    bool Baseline,
    IReadOnlyList<GridCell> Cells,
    int? Spread,
    bool Disagreement,
    double? RawAverage,
    double? AdjustedAverage);

/// <summary>What one scorecard said about one signal: a rating per question that assessed it (none: not assessed).</summary>
public sealed record GridCell(Guid InterviewId, string Interviewer, IReadOnlyList<GridRating> Ratings);

/// <summary>
/// One level with its evidence; the adjusted level is it moved by the interviewer's measured
/// severity (1–4 scale; null while Insights cannot measure them); each moment opens the replay there.
/// </summary>
public sealed record GridRating(string Question, string QuestionTitle, int Level, double? AdjustedLevel, string Evidence, IReadOnlyList<MomentLink> Moments);

public sealed record MomentLink(long Sequence, string Url);

/// <summary>Where the panel disagrees, in words: <see cref="Kind"/> is "spread" (a signal's levels two or more apart) or "recommendation" (yes against no).</summary>
public sealed record Disagreement(string Kind, string? Signal, string Sentence);

/// <summary>
/// What Insights says about this candidate and this panel, beside the raw levels and never instead
/// of them. <see cref="Available"/> is false (with <see cref="NotEnough"/> saying why) while there
/// are not enough ratings to calibrate. <see cref="ErraticEvidence"/> says so when a fifth or more
/// of the candidate's ratings came from interviewers whose ratings are erratic (null otherwise).
/// </summary>
public sealed record CalibratedFigures(
    bool Available,
    string Explanation,
    string? NotEnough,
    double? RawAverage,
    double? FairAverage,
    IReadOnlyList<RaterSeverity> Raters,
    string? ErraticEvidence = null);

/// <summary>A rater's severity: rating points fewer than an average interviewer gives an average candidate (negative: more lenient); null when not enough of their ratings are stored.</summary>
public sealed record RaterSeverity(string Interviewer, double? SeverityPoints, string Sentence);

/// <summary>A decision as recorded: hire, no-hire or more-signal, with its rationale, who made it and when.</summary>
public sealed record DecisionResponse(int Number, string Decision, string Rationale, string DecidedBy, DateTimeOffset DecidedAt);

public sealed record DecisionRequest(string? Decision, string? Rationale);

public sealed record DeadlineRequest(DateTimeOffset? Deadline);

/// <summary>A loop after a decision or a new deadline: where it stands now.</summary>
public sealed record LoopStandingResponse(Guid LoopId, string State, DateTimeOffset? Deadline, DecisionResponse? Decision);
