using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// Backfitting for the linear mixed model y = β_signal + a_candidate + w_interview +
/// b_interviewer + d_question + e, alternating with REML-style updates of the variance
/// components. Each iteration solves Henderson's mixed-model equations block by block (exact
/// for the fixed effects, for each candidate with its interviews, for interviewers and for
/// questions given the rest), then updates every variance at its EM-REML fixed point,
/// σ²_k = (û'û + tr PEV_k) / q_k and σ²_e = ê'ê / (N − p − Σ_k df_k), with the prediction error
/// variances of each factor taken block-diagonally (ignoring their correlation with the other
/// factors; the error is of order one over the number of levels). Linear in N per iteration.
/// </summary>
internal sealed partial class MixedModelEstimator
{
    private readonly RatingSet ratings;
    private readonly Partitions byCandidate;
    private readonly Partitions byRating;
    private readonly double[][] levelSums;
    private readonly double[][] signalSums;
    private readonly double[] squaredResidualParts;
    private readonly VarianceSequence[] sequences = [new(), new(), new(), new(), new()];
    /// <summary>Beyond this many signals the candidates' fixed-effect correction is skipped (memory); it is of order 1/candidates.</summary>
    private const int MostSignalsForCandidateCorrection = 32;

    private readonly InterviewClusters interviewerClusters;
    private readonly InterviewClusters questionClusters;
    private readonly double[] interviewerSignalCounts;
    private readonly double[] questionSignalCounts;
    private readonly int[]? interviewSignalCounts;
    private double squaredResiduals;

    public MixedModelEstimator(RatingSet ratings, int threads)
    {
        this.ratings = ratings;
        byCandidate = Partitions.ByWeight(ratings.CandidateStarts, threads);
        byRating = Partitions.Even(ratings.Count, threads);
        levelSums = new double[byRating.Count][];
        signalSums = new double[byRating.Count][];
        for (var part = 0; part < byRating.Count; part++)
        {
            levelSums[part] = new double[Math.Max(ratings.InterviewerIds.Count, ratings.QuestionIds.Count)];
            signalSums[part] = new double[ratings.Signals.Count];
        }

        squaredResidualParts = new double[byRating.Count];
        Signal = new double[ratings.Signals.Count];
        Candidate = new double[ratings.CandidateIds.Count];
        CandidateError = new double[ratings.CandidateIds.Count];
        Interview = new double[ratings.InterviewIds.Count];
        InterviewError = new double[ratings.InterviewIds.Count];
        Interviewer = new double[ratings.InterviewerIds.Count];
        InterviewerError = new double[ratings.InterviewerIds.Count];
        Question = new double[ratings.QuestionIds.Count];
        QuestionError = new double[ratings.QuestionIds.Count];
        SignalCounts = new int[ratings.Signals.Count];
        InterviewerCounts = Counts(ratings.Interviewer, ratings.InterviewerIds.Count);
        QuestionCounts = Counts(ratings.Question, ratings.QuestionIds.Count);
        foreach (var signal in ratings.Signal)
        {
            SignalCounts[signal]++;
        }

        interviewerClusters = new InterviewClusters(ratings, ratings.Interviewer);
        questionClusters = new InterviewClusters(ratings, ratings.Question);
        var signals = ratings.Signals.Count;
        interviewerSignalCounts = new double[ratings.InterviewerIds.Count * signals];
        questionSignalCounts = new double[ratings.QuestionIds.Count * signals];
        interviewSignalCounts = signals <= MostSignalsForCandidateCorrection ? new int[ratings.InterviewIds.Count * signals] : null;
        for (var n = 0; n < ratings.Count; n++)
        {
            interviewerSignalCounts[(ratings.Interviewer[n] * signals) + ratings.Signal[n]]++;
            questionSignalCounts[(ratings.Question[n] * signals) + ratings.Signal[n]]++;
            if (interviewSignalCounts is not null)
            {
                interviewSignalCounts[(ratings.Interview[n] * signals) + ratings.Signal[n]]++;
            }
        }

        if (interviewSignalCounts is not null)
        {
            // Interviews alike in size and in ratings per signal (nearly all of them, in a structured
            // process) enter the candidates' correction together.
            var alike = new Dictionary<int, int>(new InterviewPattern(ratings, interviewSignalCounts, signals));
            for (var i = 0; i < ratings.InterviewIds.Count; i++)
            {
                alike[i] = alike.GetValueOrDefault(i) + 1;
            }

            interviewPatterns = [.. alike.Select(pair => ((ratings.InterviewStarts[pair.Key + 1] - ratings.InterviewStarts[pair.Key], pair.Key), pair.Value))];
        }
    }

    /// <summary>Each distinct (interview size, ratings per signal), with an interview that has it and how many do.</summary>
    private readonly List<((int Size, int Pattern), int Times)> interviewPatterns = [];

    /// <summary>Interviews compared by their size and their ratings per signal.</summary>
    private sealed class InterviewPattern(RatingSet ratings, int[] counts, int signals) : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) =>
            Size(x) == Size(y) && counts.AsSpan(x * signals, signals).SequenceEqual(counts.AsSpan(y * signals, signals));

        public int GetHashCode(int obj)
        {
            var hash = new HashCode();
            hash.Add(Size(obj));
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(counts.AsSpan(obj * signals, signals)));
            return hash.ToHashCode();
        }

        private int Size(int interview) => ratings.InterviewStarts[interview + 1] - ratings.InterviewStarts[interview];
    }

    public double[] Signal { get; }

    public double[] Candidate { get; }

    /// <summary>Prediction error variance of each candidate effect, in units of σ²_e.</summary>
    public double[] CandidateError { get; }

    public double[] Interview { get; }

    public double[] InterviewError { get; }

    public double[] Interviewer { get; }

    public double[] InterviewerError { get; }

    public double[] Question { get; }

    public double[] QuestionError { get; }

    public int[] SignalCounts { get; }

    public int[] InterviewerCounts { get; }

    public int[] QuestionCounts { get; }

    /// <summary>Variances of candidate, interview, interviewer, question and residual, in rating points².</summary>
    public double[] Variances { get; } = [0.25, 0.05, 0.05, 0.05, 0.5];

    public int Iterations { get; private set; }

    public bool Converged { get; private set; }

    public void Run(int maximumIterations, double tolerance, IProgress<CalibrationProgress>? progress)
    {
        var mean = 0.0;
        for (var n = 0; n < ratings.Count; n++)
        {
            mean += ratings.Category[n];
        }

        mean /= ratings.Count;
        double spread = 0;
        for (var n = 0; n < ratings.Count; n++)
        {
            spread += (ratings.Category[n] - mean) * (ratings.Category[n] - mean);
        }

        spread /= ratings.Count;
        for (var k = 0; k < Variances.Length; k++)
        {
            Variances[k] *= spread;
        }

        for (var iteration = 1; iteration <= maximumIterations; iteration++)
        {
            Iterations = iteration;
            var change = UpdateSignals();
            change = Math.Max(change, UpdateCandidates());
            change = Math.Max(change, UpdateLevels(ratings.Interviewer, Interviewer, InterviewerError, InterviewerCounts, Variances[2], interviewerClusters));
            change = Math.Max(change, UpdateLevels(ratings.Question, Question, QuestionError, QuestionCounts, Variances[3], questionClusters));
            var varianceChange = UpdateVariances();
            progress?.Report(new CalibrationProgress(CalibrationPhase.CrossCheck, iteration));
            if (iteration >= 3 && change < tolerance * Math.Sqrt(spread) && varianceChange < tolerance)
            {
                Converged = true;
                break;
            }
        }
    }

    private double Residual(int n) =>
        ratings.Category[n] - Candidate[ratings.Candidate[n]] - Interview[ratings.Interview[n]] - Interviewer[ratings.Interviewer[n]] - Question[ratings.Question[n]];

    private double UpdateSignals()
    {
        byRating.Run(part =>
        {
            var sums = signalSums[part];
            Array.Clear(sums);
            double squares = 0;
            for (var n = byRating.Start(part); n < byRating.End(part); n++)
            {
                var residual = Residual(n);
                var signal = ratings.Signal[n];
                sums[signal] += residual;
                var e = residual - Signal[signal];
                squares += e * e;
            }

            squaredResidualParts[part] = squares;
        });

        squaredResiduals = squaredResidualParts.Sum();
        double largest = 0;
        for (var s = 0; s < Signal.Length; s++)
        {
            double sum = 0;
            for (var part = 0; part < byRating.Count; part++)
            {
                sum += signalSums[part][s];
            }

            var updated = sum / SignalCounts[s];
            largest = Math.Max(largest, Math.Abs(updated - Signal[s]));
            Signal[s] = updated;
        }

        return largest;
    }

    /// <summary>Each candidate with its interviews: the exact solution of their block of the mixed-model equations.</summary>
    private double UpdateCandidates()
    {
        var candidateRatio = Variances[4] / Variances[0];
        var interviewRatio = Variances[4] / Variances[1];
        var changes = new double[byCandidate.Count];
        byCandidate.Run(part =>
        {
            double largest = 0;
            for (var c = byCandidate.Start(part); c < byCandidate.End(part); c++)
            {
                var first = ratings.CandidateInterviewStarts[c];
                var last = ratings.CandidateInterviewStarts[c + 1];
                double total = 0, adjusted = 0, schur = candidateRatio;
                for (var i = first; i < last; i++)
                {
                    double sum = 0;
                    for (var n = ratings.InterviewStarts[i]; n < ratings.InterviewStarts[i + 1]; n++)
                    {
                        sum += ratings.Category[n] - Signal[ratings.Signal[n]] - Interviewer[ratings.Interviewer[n]] - Question[ratings.Question[n]];
                    }

                    double count = ratings.InterviewStarts[i + 1] - ratings.InterviewStarts[i];
                    var d = count + interviewRatio;
                    total += sum;
                    schur += count - (count * count / d);
                    adjusted += count * sum / d;
                    Interview[i] = sum; // the interview's sum, until the candidate is solved
                }

                var effect = (total - adjusted) / schur;
                largest = Math.Max(largest, Math.Abs(effect - Candidate[c]));
                Candidate[c] = effect;
                CandidateError[c] = 1 / schur;
                for (var i = first; i < last; i++)
                {
                    double count = ratings.InterviewStarts[i + 1] - ratings.InterviewStarts[i];
                    var d = count + interviewRatio;
                    var term = (Interview[i] - (count * effect)) / d;
                    Interview[i] = term;
                    InterviewError[i] = (1 / d) + (count / d * (count / d) / schur);
                }
            }

            changes[part] = largest;
        });
        return changes.Max();
    }

    private double UpdateLevels(int[] levelOfRating, double[] effects, double[] errors, int[] counts, double variance, InterviewClusters clusters)
    {
        var levels = effects.Length;
        byRating.Run(part =>
        {
            var sums = levelSums[part];
            Array.Clear(sums, 0, levels);
            for (var n = byRating.Start(part); n < byRating.End(part); n++)
            {
                sums[levelOfRating[n]] += Residual(n) - Signal[ratings.Signal[n]] + effects[levelOfRating[n]];
            }
        });

        var ratio = Variances[4] / variance;
        var shared = clusters.SharedInformation(levels, Variances[4] / Variances[1]);
        double largest = 0;
        for (var level = 0; level < levels; level++)
        {
            double sum = 0;
            for (var part = 0; part < byRating.Count; part++)
            {
                sum += levelSums[part][level];
            }

            var updated = sum / (counts[level] + ratio);
            largest = Math.Max(largest, Math.Abs(updated - effects[level]));
            effects[level] = updated;
            // The level's prediction error variance with the interview terms of its interviews integrated out.
            errors[level] = 1 / (counts[level] - shared[level] + ratio);
        }

        return largest;
    }

    private static int[] Counts(int[] levelOfRating, int levels)
    {
        var counts = new int[levels];
        foreach (var level in levelOfRating)
        {
            counts[level]++;
        }

        return counts;
    }
}
