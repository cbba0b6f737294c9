using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>Ratings drawn from the rater model, with the truth they were drawn from.</summary>
/// <param name="Ratings">The ratings.</param>
/// <param name="Groups">The candidates' groups, kept apart as real self-identification is.</param>
/// <param name="Truth">The parameters the ratings were drawn from, indexed like the rating set's ids.</param>
public sealed record SimulatedRatings(RatingSet Ratings, CandidateGroups Groups, SimulationTruth Truth);

/// <summary>The true parameters of a simulation, in logits, indexed like the rating set's id lists.</summary>
/// <param name="Ability">Per candidate.</param>
/// <param name="Severity">Per interviewer.</param>
/// <param name="Difficulty">Per question.</param>
/// <param name="SignalThresholds">Per signal, its K − 1 thresholds.</param>
/// <param name="ErraticInterviewers">Ids of interviewers who rate with extra noise.</param>
/// <param name="BiasedInterviewers">Ids of interviewers biased against the disfavoured group.</param>
public sealed record SimulationTruth(
    IReadOnlyList<double> Ability,
    IReadOnlyList<double> Severity,
    IReadOnlyList<double> Difficulty,
    IReadOnlyList<IReadOnlyList<double>> SignalThresholds,
    IReadOnlyList<string> ErraticInterviewers,
    IReadOnlyList<string> BiasedInterviewers);
