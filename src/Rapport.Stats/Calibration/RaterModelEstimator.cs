using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// Fits the rater model by block Newton sweeps alternating with empirical-Bayes updates of the
/// facet variances. Each sweep reads every rating four times: candidates with their interviews
/// (an exact joint Newton step per candidate, because a candidate's interview terms touch only
/// that candidate), interviewers, questions, then signal thresholds; every block is concave and
/// steps are capped at one logit. Candidates and interview terms are posterior modes. The other
/// facets are fitted to residuals corrected to second order for the candidate side's posterior
/// uncertainty s² (E[E(η)] ≈ E(η̂) + s²·κ₃/2): without it, modes for the candidates pull the
/// interviewer, question and threshold estimates inward, the bias that makes joint maximum a
/// posteriori estimation of item parameters inconsistent. Work per sweep is linear in ratings.
/// </summary>
internal sealed partial class RaterModelEstimator
{
    private const double MaximumStep = 1;

    private readonly RatingSet ratings;
    private readonly RaterModelOptions options;
    private readonly Partitions byCandidate;
    private readonly Partitions byRating;
    private readonly double[][] facetGradient;
    private readonly double[][] facetInformation;
    private readonly double[][] signalGradient;
    private readonly double[][] signalInformation;
    private readonly int mostInterviews;
    private readonly int steps;
    private VarianceSequence abilityVariance = new();
    private VarianceSequence severityVariance = new();
    private VarianceSequence difficultyVariance = new();
    private VarianceSequence interviewVariance = new();
    private double residualSum;

    public RaterModelEstimator(RatingSet ratings, RaterModelOptions options)
    {
        this.ratings = ratings;
        this.options = options;
        State = new RaterModelState(
            ratings.CandidateIds.Count,
            ratings.InterviewIds.Count,
            ratings.InterviewerIds.Count,
            ratings.QuestionIds.Count,
            ratings.Signals.Count,
            ratings.CategoryCount);
        steps = ratings.CategoryCount - 1;
        byCandidate = Partitions.ByWeight(ratings.CandidateStarts, options.Threads);
        byRating = Partitions.Even(ratings.Count, options.Threads);
        var levels = Math.Max(ratings.InterviewerIds.Count, ratings.QuestionIds.Count);
        facetGradient = NewArrays(byRating.Count, levels);
        facetInformation = NewArrays(byRating.Count, levels);
        signalGradient = NewArrays(byRating.Count, ratings.Signals.Count * steps);
        signalInformation = NewArrays(byRating.Count, ratings.Signals.Count * steps * steps);
        for (var c = 0; c < ratings.CandidateIds.Count; c++)
        {
            mostInterviews = Math.Max(mostInterviews, ratings.CandidateInterviewStarts[c + 1] - ratings.CandidateInterviewStarts[c]);
        }
    }

    public RaterModelState State { get; }

    public int Sweeps { get; private set; }

    public bool Converged { get; private set; }

    /// <summary>Sweeps from the starting values until the estimates move less than <paramref name="tolerance"/> (the options' own by default).</summary>
    public void Run(double? tolerance = null)
    {
        Initialise();
        Continue(tolerance);
    }

    /// <summary>
    /// Sweeps on from the current estimates until they settle (used again after the interviewers'
    /// weights change). The standard errors at the final estimates come from <see cref="Finish"/>:
    /// every sweep recomputes whatever it reads of them, so only the last set is ever used.
    /// </summary>
    public void Continue(double? tolerance = null)
    {
        var settled = tolerance ?? options.Tolerance;
        Converged = false;
        (abilityVariance, severityVariance, difficultyVariance, interviewVariance) = (new(), new(), new(), new());
        for (var sweep = 1; sweep <= options.MaximumSweeps; sweep++)
        {
            Sweeps++;
            var change = UpdateCandidates(apply: true);
            change = Math.Max(change, UpdateFacet(ratings.Interviewer, State.Severity, State.SeverityVariance, State.SeverityPopulationVariance, apply: true));
            change = Math.Max(change, UpdateFacet(ratings.Question, State.Difficulty, State.DifficultyVariance, State.DifficultyPopulationVariance, apply: true));
            change = Math.Max(change, UpdateSignals(apply: true));
            Centre();
            var varianceChange = UpdatePopulationVariances();
            options.Progress?.Report(new CalibrationProgress(CalibrationPhase.RaterModel, Sweeps));
            if (sweep >= 3 && change < settled && varianceChange < settled)
            {
                Converged = true;
                break;
            }
        }
    }

    /// <summary>Every standard error at the final estimates.</summary>
    public void Finish()
    {
        UpdateCandidates(apply: false);
        UpdateFacet(ratings.Interviewer, State.Severity, State.SeverityVariance, State.SeverityPopulationVariance, apply: false);
        UpdateFacet(ratings.Question, State.Difficulty, State.DifficultyVariance, State.DifficultyPopulationVariance, apply: false);
        UpdateSignals(apply: false);
    }

    private double UpdateCandidates(bool apply)
    {
        var changes = new double[byCandidate.Count];
        var abilityPrecision = 1 / State.AbilityPopulationVariance;
        var interviewPrecision = options.InterviewTerm ? 1 / State.InterviewPopulationVariance : 0;
        var (expSeverity, expDifficulty) = FacetExponentials();
        byCandidate.Run(part =>
        {
            unchecked
            {
                // Unchecked: indices here are bounded by the arrays they index, and this loop runs for every rating in every sweep.
                Span<double> p = stackalloc double[ratings.CategoryCount];
                var gradient = new double[mostInterviews];
                var information = new double[mostInterviews];
                var deltas = new double[mostInterviews];
                var (interviewStarts, candidateInterviewStarts, signal, category, interviewer, question) = (ratings.InterviewStarts, ratings.CandidateInterviewStarts, ratings.Signal, ratings.Category, ratings.Interviewer, ratings.Question);
                var (severity, difficulty, weights, curves) = (State.Severity, State.Difficulty, State.InterviewerWeight, State.Curves);
                double largest = 0;
                for (var c = byCandidate.Start(part); c < byCandidate.End(part); c++)
                {
                    var first = candidateInterviewStarts[c];
                    var count = candidateInterviewStarts[c + 1] - first;
                    var ability = State.Ability[c];
                    for (var k = 0; k < count; k++)
                    {
                        var interview = first + k;
                        var eta0 = ability + State.InterviewTerm[interview];
                        var exp0 = Math.Exp(eta0);
                        double g = 0, h = 0;
                        for (var n = interviewStarts[interview]; n < interviewStarts[interview + 1]; n++)
                        {
                            var j = interviewer[n];
                            var q = question[n];
                            curves.Fill(signal[n], eta0 - severity[j] - difficulty[q], exp0 * expSeverity[j] * expDifficulty[q], p);
                            var (expected, variance) = SignalCurves.Moments(p);
                            var weight = weights[j];
                            g += weight * (category[n] - expected);
                            h += weight * variance;
                        }

                        gradient[k] = g;
                        information[k] = h;
                    }

                    // Joint Newton step for (ability, interview terms): eliminate each interview term
                    // (its block touches only the ability), solve for the ability, back-substitute.
                    var abilityGradient = -abilityPrecision * ability;
                    var schur = abilityPrecision;
                    for (var k = 0; k < count; k++)
                    {
                        abilityGradient += gradient[k];
                        schur += information[k];
                        if (options.InterviewTerm)
                        {
                            var d = information[k] + interviewPrecision;
                            var termGradient = gradient[k] - (interviewPrecision * State.InterviewTerm[first + k]);
                            schur -= information[k] * information[k] / d;
                            abilityGradient -= information[k] * termGradient / d;
                        }
                    }

                    var abilityStep = abilityGradient / schur;
                    var biggest = Math.Abs(abilityStep);
                    State.AbilityVariance[c] = 1 / schur;
                    for (var k = 0; k < count; k++)
                    {
                        if (!options.InterviewTerm)
                        {
                            deltas[k] = 0;
                            State.LogitVariance[first + k] = 1 / schur;
                            continue;
                        }

                        var d = information[k] + interviewPrecision;
                        var termGradient = gradient[k] - (interviewPrecision * State.InterviewTerm[first + k]);
                        deltas[k] = (termGradient - (information[k] * abilityStep)) / d;
                        biggest = Math.Max(biggest, Math.Abs(deltas[k]));
                        var shrink = information[k] / d;
                        State.InterviewTermVariance[first + k] = (1 / d) + (shrink * shrink / schur);
                        State.LogitVariance[first + k] = (1 / d) + ((1 - shrink) * (1 - shrink) / schur);
                    }

                    if (!apply)
                    {
                        continue;
                    }

                    var scale = biggest > MaximumStep ? MaximumStep / biggest : 1;
                    State.Ability[c] = ability + (scale * abilityStep);
                    for (var k = 0; k < count; k++)
                    {
                        State.InterviewTerm[first + k] += scale * deltas[k];
                    }

                    largest = Math.Max(largest, scale * biggest);
                }

                changes[part] = largest;
            }
        });
        return changes.Max();
    }

    /// <summary>A Newton step for every level of a facet that enters the logit with a minus sign (severity, difficulty).</summary>
    private double UpdateFacet(int[] levelOfRating, double[] values, double[] posteriorVariance, double populationVariance, bool apply)
    {
        var levels = values.Length;
        var (expSeverity, expDifficulty) = FacetExponentials();
        byRating.Run(part =>
        {
            unchecked
            {
                var gradient = facetGradient[part];
                var information = facetInformation[part];
                Array.Clear(gradient, 0, levels);
                Array.Clear(information, 0, levels);
                Span<double> p = stackalloc double[ratings.CategoryCount];
                var (ability, term, severity, difficulty, logitVariance, weights, curves) = (State.Ability, State.InterviewTerm, State.Severity, State.Difficulty, State.LogitVariance, State.InterviewerWeight, State.Curves);
                var (candidate, interview, interviewer, question, signal, category) = (ratings.Candidate, ratings.Interview, ratings.Interviewer, ratings.Question, ratings.Signal, ratings.Category);
                var (lastInterview, eta0, exp0) = (-1, 0.0, 0.0);
                for (var n = byRating.Start(part); n < byRating.End(part); n++)
                {
                    var i = interview[n];
                    if (i != lastInterview)
                    {
                        // Ratings are stored interview by interview: one exponential per interview, not per rating.
                        (lastInterview, eta0) = (i, ability[candidate[n]] + term[i]);
                        exp0 = Math.Exp(eta0);
                    }

                    var j = interviewer[n];
                    var q = question[n];
                    curves.Fill(signal[n], eta0 - severity[j] - difficulty[q], exp0 * expSeverity[j] * expDifficulty[q], p);
                    var (expected, variance, third) = SignalCurves.ThreeMoments(p);
                    var level = levelOfRating[n];
                    var weight = weights[j];
                    gradient[level] += weight * (category[n] - expected - (0.5 * logitVariance[i] * third));
                    information[level] += weight * variance;
                }
            }
        });

        var precision = 1 / populationVariance;
        double largest = 0;
        for (var level = 0; level < levels; level++)
        {
            double g = 0, h = 0;
            for (var part = 0; part < byRating.Count; part++)
            {
                g += facetGradient[part][level];
                h += facetInformation[part][level];
            }

            posteriorVariance[level] = 1 / (h + precision);
            if (apply)
            {
                var step = Math.Clamp((-g - (precision * values[level])) / (h + precision), -MaximumStep, MaximumStep);
                values[level] += step;
                largest = Math.Max(largest, Math.Abs(step));
            }
        }

        return largest;
    }

    /// <summary>
    /// Moves each facet's mean to where the estimating equations put it, shifting the
    /// thresholds to match so that the likelihood is unchanged. Severity and difficulty have
    /// mean 0 at the solution; ability and interview terms have the small mean that the
    /// uncorrected residual sum R implies (their modes satisfy Σθ/σ² = R), because the other
    /// facets use residuals corrected for the candidate's uncertainty. Done each sweep, this
    /// removes the one direction that block sweeps crawl along.
    /// </summary>
    private void Centre()
    {
        var abilityTarget = residualSum * State.AbilityPopulationVariance / Math.Max(1, State.Ability.Length);
        var ability = Recentre(State.Ability, abilityTarget);
        var interview = options.InterviewTerm
            ? Recentre(State.InterviewTerm, residualSum * State.InterviewPopulationVariance / Math.Max(1, State.InterviewTerm.Length))
            : 0;
        var severity = Recentre(State.Severity, 0);
        var difficulty = Recentre(State.Difficulty, 0);
        var shift = -ability - interview + severity + difficulty;
        for (var i = 0; i < State.Thresholds.Length; i++)
        {
            State.Thresholds[i] += shift;
        }

        State.Curves.Update(State.Thresholds);
    }

    /// <summary>Shifts <paramref name="values"/> so their mean is <paramref name="target"/>; returns the shift taken off.</summary>
    private static double Recentre(double[] values, double target)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var shift = values.Average() - target;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] -= shift;
        }

        return shift;
    }

    /// <summary>
    /// The empirical-Bayes update of each facet's variance. At the solution σ² equals the mean
    /// of θ̂² + posterior variance (the EM condition); written as σ² = Σθ̂² / Σ(1 − v/σ²) (MacKay,
    /// 1992, "Bayesian interpolation") the same fixed point is reached in far fewer sweeps when a
    /// facet's levels carry little information each, as interview terms do. A geometric tail is
    /// then extrapolated (Aitken) so slow variances do not hold every other estimate back.
    /// </summary>
    private double UpdatePopulationVariances()
    {
        var change = 0.0;
        State.AbilityPopulationVariance = abilityVariance.Next(Updated(State.AbilityPopulationVariance, State.Ability, State.AbilityVariance), ref change);
        State.SeverityPopulationVariance = severityVariance.Next(Updated(State.SeverityPopulationVariance, State.Severity, State.SeverityVariance), ref change);
        State.DifficultyPopulationVariance = difficultyVariance.Next(Updated(State.DifficultyPopulationVariance, State.Difficulty, State.DifficultyVariance), ref change);
        if (options.InterviewTerm)
        {
            State.InterviewPopulationVariance = interviewVariance.Next(Updated(State.InterviewPopulationVariance, State.InterviewTerm, State.InterviewTermVariance), ref change);
        }

        return change;

        static double Updated(double old, double[] values, double[] posterior)
        {
            double squares = 0, effective = 0;
            for (var i = 0; i < values.Length; i++)
            {
                squares += values[i] * values[i];
                effective += 1 - (posterior[i] / old);
            }

            return Math.Max(RaterModelState.VarianceFloor, squares / Math.Max(effective, 1e-8 * values.Length));
        }
    }

    /// <summary>
    /// exp(−severity) and exp(−difficulty) of every level, once per pass: with exp(ability +
    /// interview term) once per interview, a rating's exp(η) is two products instead of an exponential.
    /// </summary>
    private (double[] Severity, double[] Difficulty) FacetExponentials()
    {
        var severity = new double[State.Severity.Length];
        for (var j = 0; j < severity.Length; j++)
        {
            severity[j] = Math.Exp(-State.Severity[j]);
        }

        var difficulty = new double[State.Difficulty.Length];
        for (var q = 0; q < difficulty.Length; q++)
        {
            difficulty[q] = Math.Exp(-State.Difficulty[q]);
        }

        return (severity, difficulty);
    }

    private static double[][] NewArrays(int count, int length)
    {
        var arrays = new double[count][];
        for (var i = 0; i < count; i++)
        {
            arrays[i] = new double[length];
        }

        return arrays;
    }
}
