namespace Rapport.Stats.Calibration;

/// <summary>When a finding about an interviewer or question is worth a sentence.</summary>
public sealed record ReportOptions
{
    /// <summary>Ratings an interviewer needs before anything about them is shown.</summary>
    public int MinimumRatings { get; init; } = 30;

    /// <summary>Distinct candidates an interviewer needs before anything about them is shown.</summary>
    public int MinimumCandidates { get; init; } = 5;

    /// <summary>Interviews a question needs before its health is shown.</summary>
    public int MinimumInterviews { get; init; } = 20;

    /// <summary>The smallest difference, in rating points, worth telling anyone about.</summary>
    public double NotablePoints { get; init; } = 0.25;

    /// <summary>
    /// The smallest difference between candidate groups worth reporting, in logits (the model's
    /// scale). A group finding is tested here rather than in points: near the ends of the scale a
    /// rating point is compressed, so a harsh interviewer's real penalty shows as few points and a
    /// rule in points misses the harshest. 0.4 logits is 0.25 points in the middle of a 1–4 scale.
    /// </summary>
    public double NotableLogits { get; init; } = 0.4;

    /// <summary>
    /// How many standard errors a difference needs before it is reported. Deliberately high:
    /// every interviewer is checked for several things, and a false alarm about a person costs more than a late one.
    /// </summary>
    public double SignificanceZ { get; init; } = 3;

    /// <summary>Ratings of one group, from one interviewer, needed before that group is compared (smaller cells are suppressed).</summary>
    public int MinimumGroupRatings { get; init; } = 20;

    /// <summary>Candidates of one group, from one interviewer, needed before that group is compared.</summary>
    public int MinimumGroupCandidates { get; init; } = 5;

    /// <summary>The lowest rating that counts as a pass for a question's pass rate (3 on a 1–4 scale).</summary>
    public int PassRating { get; init; } = 3;

    internal void Validate()
    {
        if (MinimumRatings < 1 || MinimumCandidates < 1 || MinimumInterviews < 1 || MinimumGroupRatings < 1 || MinimumGroupCandidates < 1)
        {
            throw new ArgumentException("Every minimum amount of data must be at least 1.");
        }

        if (!(NotablePoints > 0) || !(NotableLogits > 0) || !(SignificanceZ > 0))
        {
            throw new ArgumentException($"The notable differences and the significance threshold must be positive, but got {NotablePoints} points, {NotableLogits} logits and {SignificanceZ}.");
        }
    }
}
