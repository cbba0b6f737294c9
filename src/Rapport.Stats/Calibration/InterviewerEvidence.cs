namespace Rapport.Stats.Calibration;

/// <summary>
/// Residual sums of one interviewer's ratings, split the ways the report looks at them. A
/// residual is the rating minus what the model expects (rating points); its variance sums give
/// the standard errors.
/// </summary>
internal sealed class InterviewerEvidence(int signals, int groups)
{
    public ResidualSum[] BySignal { get; } = NewSums(signals);

    public ResidualSum Early { get; } = new();

    public ResidualSum Late { get; } = new();

    public ResidualSum[] ByGroup { get; } = NewSums(groups);

    public ResidualSum[] OutsideGroup { get; } = NewSums(groups);

    public HashSet<int>[] GroupCandidates { get; } = [.. Enumerable.Range(0, groups).Select(_ => new HashSet<int>())];

    public int Extremes { get; set; }

    public double ExpectedExtremes { get; set; }

    public double ExtremeVariance { get; set; }

    public int Scorecards { get; set; }

    public int FlatScorecards { get; set; }

    public double ExpectedFlat { get; set; }

    public double FlatVariance { get; set; }

    public long FirstTicks { get; set; } = long.MaxValue;

    public long LastTicks { get; set; } = long.MinValue;

    private static ResidualSum[] NewSums(int count) => [.. Enumerable.Range(0, count).Select(_ => new ResidualSum())];
}

/// <summary>Σ(rating − expected) and Σ variance over some ratings.</summary>
internal sealed class ResidualSum
{
    public int Count { get; private set; }

    public double Residual { get; private set; }

    public double Variance { get; private set; }

    /// <summary>Mean residual in rating points: positive means rated higher than the model expects.</summary>
    public double Mean => Count == 0 ? 0 : Residual / Count;

    public void Add(double residual, double variance)
    {
        Count++;
        Residual += residual;
        Variance += variance;
    }

    /// <summary>
    /// The difference (this − other) of the logit shifts that would explain each side's residuals,
    /// with its standard error. A shift Δ of the logit moves the expected rating by about Δ times
    /// the rating's variance, so the one-step estimate is Σ residual / Σ variance with standard
    /// error 1 / √(Σ variance); null when either side has no information.
    /// </summary>
    public (double Difference, double StandardError)? VersusInLogits(ResidualSum other)
    {
        if (Variance <= 0 || other.Variance <= 0)
        {
            return null;
        }

        return ((Residual / Variance) - (other.Residual / other.Variance), Math.Sqrt((1 / Variance) + (1 / other.Variance)));
    }

    /// <summary>The mean model variance of a rating: rating points per logit of shift.</summary>
    public double PointsPerLogit => Count == 0 ? 0 : Variance / Count;

    /// <summary>The difference of mean residuals (this − other) and its z, or null when either side is empty.</summary>
    public (double Difference, double Z)? Versus(ResidualSum other)
    {
        if (Count == 0 || other.Count == 0)
        {
            return null;
        }

        var error = Math.Sqrt((Variance / ((double)Count * Count)) + (other.Variance / ((double)other.Count * other.Count)));
        var difference = Mean - other.Mean;
        return (difference, error > 0 ? difference / error : 0);
    }
}
