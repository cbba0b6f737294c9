namespace Rapport.Stats;

/// <summary>
/// A 2 × 2 table of counts laid out as
/// <code>
///            outcome yes   outcome no
///   row 1        A             B
///   row 2        C             D
/// </code>
/// In adverse impact, row 1 is the focal group, row 2 the comparison group, and "yes" is selected.
/// </summary>
public sealed record TwoByTwoTable
{
    public TwoByTwoTable(int a, int b, int c, int d)
    {
        if (a < 0 || b < 0 || c < 0 || d < 0)
        {
            throw new ArgumentException(
                $"A 2 × 2 table holds counts, but got A={a}, B={b}, C={c}, D={d}. Counts cannot be negative.",
                nameof(a));
        }

        A = a;
        B = b;
        C = c;
        D = d;
    }

    public int A { get; }

    public int B { get; }

    public int C { get; }

    public int D { get; }

    public long Total => (long)A + B + C + D;

    public long FirstRowTotal => (long)A + B;

    public long SecondRowTotal => (long)C + D;

    public long FirstColumnTotal => (long)A + C;

    public long SecondColumnTotal => (long)B + D;

    /// <summary>The table comparing <paramref name="selectedFirst"/> of <paramref name="applicantsFirst"/> with <paramref name="selectedSecond"/> of <paramref name="applicantsSecond"/>.</summary>
    public static TwoByTwoTable FromSelections(int selectedFirst, int applicantsFirst, int selectedSecond, int applicantsSecond)
    {
        GroupOutcome.Check(selectedFirst, applicantsFirst, "the first group");
        GroupOutcome.Check(selectedSecond, applicantsSecond, "the second group");
        return new TwoByTwoTable(selectedFirst, applicantsFirst - selectedFirst, selectedSecond, applicantsSecond - selectedSecond);
    }
}
