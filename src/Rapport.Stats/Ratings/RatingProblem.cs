namespace Rapport.Stats.Ratings;

/// <summary>One thing wrong with the ratings, where it is and how to fix it.</summary>
/// <param name="Line">The line of the file (from 1; the header is line 1), or 0 when the ratings did not come from a file.</param>
/// <param name="Column">The column at fault, when one is.</param>
/// <param name="Message">What is wrong and what to do about it, in a sentence.</param>
public sealed record RatingProblem(int Line, string? Column, string Message)
{
    public override string ToString() =>
        (Line, Column) switch
        {
            ( > 0, not null) => $"line {Line}, {Column}: {Message}",
            ( > 0, null) => $"line {Line}: {Message}",
            (_, not null) => $"{Column}: {Message}",
            _ => Message,
        };
}
