namespace Rapport.Stats.Calibration;

/// <summary>
/// The successive estimates of one facet variance. When the last three log-values shrink
/// geometrically (same sign, ratio between 0.5 and 0.98) the limit is extrapolated, Aitken's
/// δ² process, with the jump capped; the sweeps that follow correct any overshoot.
/// </summary>
internal sealed class VarianceSequence
{
    private const double LargestJump = 1;

    /// <summary>Updates before any extrapolation: the first sweeps move too much to show a geometric tail.</summary>
    private const int Settling = 5;

    private readonly List<double> logs = [];
    private int updates;

    /// <summary>Takes the updated variance and returns the one to use, tracking the largest relative change.</summary>
    public double Next(double updated, ref double change)
    {
        var value = Math.Log(updated);
        if (logs.Count > 0)
        {
            change = Math.Max(change, Math.Abs(Math.Exp(value - logs[^1]) - 1));
        }

        logs.Add(value);
        if (++updates <= Settling || logs.Count < 3)
        {
            return updated;
        }

        var before = logs[^2] - logs[^3];
        var last = logs[^1] - logs[^2];
        var ratio = last / before;
        if (before == 0 || !(ratio > 0.5 && ratio < 0.98))
        {
            return updated;
        }

        var jump = Math.Clamp(last * ratio / (1 - ratio), -LargestJump, LargestJump);
        logs.Clear();
        logs.Add(value + jump);
        return Math.Max(RaterModelState.VarianceFloor, Math.Exp(value + jump));
    }
}
