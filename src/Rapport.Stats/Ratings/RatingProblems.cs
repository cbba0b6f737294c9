namespace Rapport.Stats.Ratings;

/// <summary>
/// The problems found so far, keeping the first <see cref="MaximumKept"/>: a file with a
/// million bad rows needs its first mistakes fixed, not a million messages.
/// </summary>
internal sealed class RatingProblems
{
    public const int MaximumKept = 100;

    private readonly List<RatingProblem> kept = [];

    public int Count { get; private set; }

    public IReadOnlyList<RatingProblem> Kept => kept;

    public void Add(int line, string? column, string message)
    {
        Count++;
        if (kept.Count < MaximumKept)
        {
            kept.Add(new RatingProblem(line, column, message));
        }
    }

    public string Summary()
    {
        if (Count == 0)
        {
            return "The ratings have no problems.";
        }

        var shown = string.Join(Environment.NewLine, kept.Take(10).Select(problem => problem.ToString()));
        var more = Count > 10 ? $"{Environment.NewLine}… and {Count - 10} more." : string.Empty;
        return $"The ratings were not imported: {Count} problem(s) found, and nothing is stored until all are fixed.{Environment.NewLine}{shown}{more}";
    }
}
