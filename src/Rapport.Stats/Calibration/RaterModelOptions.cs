namespace Rapport.Stats.Calibration;

/// <summary>Settings of a rater-model fit. The defaults suit a 1–4 scale.</summary>
public sealed record RaterModelOptions
{
    public ThresholdMode Thresholds { get; init; } = ThresholdMode.PerSignal;

    /// <summary>
    /// Worker threads. Results are identical run after run for the same thread count; a
    /// different count changes only the order of additions, so figures agree to rounding.
    /// </summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether the model has an interview term, so the signals of one interview are not treated as independent.</summary>
    public bool InterviewTerm { get; init; } = true;

    /// <summary>
    /// Whether ratings of interviewers that are noisier than the model allows count for less
    /// (weight 1 / infit³), so the candidates' standard errors stay honest. On by default; off
    /// only to compare with the unweighted model.
    /// </summary>
    public bool WeighErraticInterviewers { get; init; } = true;

    /// <summary>The hiring bar as a fair average on the rating scale (3 on a 1–4 scale: "meets the bar").</summary>
    public double Bar { get; init; } = 3;

    /// <summary>Stop when no estimate moves more than this (logits) and no variance more than this (relative) in a sweep.</summary>
    public double Tolerance { get; init; } = 1e-4;

    public int MaximumSweeps { get; init; } = 500;

    /// <summary>Told the sweeps done, after each sweep: a long fit can show that it is moving.</summary>
    public IProgress<CalibrationProgress>? Progress { get; init; }

    internal void Validate(RatingScale scale)
    {
        if (Threads < 1)
        {
            throw new ArgumentException($"Threads must be at least 1, but got {Threads}.");
        }

        if (!(Bar > scale.Minimum && Bar < scale.Maximum))
        {
            throw new ArgumentException(
                $"The bar {RatingScale.Format(Bar)} must lie strictly inside the scale of {scale}: a bar at an end of the scale can never (or always) be cleared. Use, for example, 3 on a 1–4 scale.");
        }

        if (!(Tolerance > 0) || MaximumSweeps < 1)
        {
            throw new ArgumentException(
                $"The tolerance must be positive and the maximum number of sweeps at least 1, but got {Tolerance} and {MaximumSweeps}.");
        }
    }
}
