namespace Rapport.Stats;

/// <summary>
/// A square table of how often the first rater chose category i while the second chose j, the
/// input of Cohen's and weighted kappa. Categories carry numeric scores for weighting.
/// </summary>
public sealed class AgreementTable
{
    private readonly int[,] counts;

    private AgreementTable(int[,] counts, IReadOnlyList<double> categories, long total, int unitsSkipped)
    {
        this.counts = counts;
        Categories = categories;
        Total = total;
        UnitsSkipped = unitsSkipped;
    }

    /// <summary>The category scores in row (and column) order; 1, 2, … unless given.</summary>
    public IReadOnlyList<double> Categories { get; }

    public int CategoryCount => Categories.Count;

    /// <summary>The number of rated subjects in the table.</summary>
    public long Total { get; }

    /// <summary>Units left out of <see cref="FromRatings"/> because one of the two raters had not rated them.</summary>
    public int UnitsSkipped { get; }

    /// <summary>Subjects the first rater put in <paramref name="row"/> and the second in <paramref name="column"/>.</summary>
    public int this[int row, int column] => counts[row, column];

    /// <summary>
    /// Builds the table from counts: rows are the first rater's categories, columns the second's.
    /// </summary>
    public static AgreementTable FromCounts(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<double>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var size = counts.Count;
        if (size < 2)
        {
            throw new ArgumentException(
                $"An agreement table needs at least two categories, but has {size}. With a single category there is nothing to disagree about.",
                nameof(counts));
        }

        var table = new int[size, size];
        long total = 0;
        for (var row = 0; row < size; row++)
        {
            if (counts[row].Count != size)
            {
                throw new ArgumentException(
                    $"Row {row + 1} of the agreement table has {counts[row].Count} columns, but the table has {size} rows. Both raters must use the same categories in the same order, so the table must be square.",
                    nameof(counts));
            }

            for (var column = 0; column < size; column++)
            {
                var count = counts[row][column];
                if (count < 0)
                {
                    throw new ArgumentException(
                        $"Cell ({row + 1}, {column + 1}) of the agreement table is {count}. Counts of subjects cannot be negative.",
                        nameof(counts));
                }

                table[row, column] = count;
                total += count;
            }
        }

        if (total == 0)
        {
            throw new ArgumentException(
                "The agreement table is empty: no subject was rated by both raters. Provide at least one subject both raters rated.",
                nameof(counts));
        }

        return new AgreementTable(table, ValidatedCategories(categories, size), total, unitsSkipped: 0);
    }

    /// <summary>
    /// Tabulates two raters of a rating matrix over the units both rated. The categories are the
    /// points of the declared scale when it is whole-numbered (so unused points still count for
    /// weights), otherwise the values either rater used.
    /// </summary>
    public static AgreementTable FromRatings(RatingMatrix ratings, int firstRater, int secondRater)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        CheckRater(ratings, firstRater, nameof(firstRater));
        CheckRater(ratings, secondRater, nameof(secondRater));
        if (firstRater == secondRater)
        {
            throw new ArgumentException(
                $"Both raters are rater {firstRater + 1}. Agreement compares two different raters; pick another column.",
                nameof(secondRater));
        }

        var pairs = new List<(double First, double Second)>();
        var skipped = 0;
        for (var unit = 0; unit < ratings.UnitCount; unit++)
        {
            if (ratings[unit, firstRater] is { } first && ratings[unit, secondRater] is { } second)
            {
                pairs.Add((first, second));
            }
            else
            {
                skipped++;
            }
        }

        if (pairs.Count == 0)
        {
            throw new ArgumentException(
                $"Raters {firstRater + 1} and {secondRater + 1} never rated the same unit, so their agreement cannot be measured. Pick two raters who share units.",
                nameof(ratings));
        }

        IReadOnlyList<double> categories = ratings.Scale is { WholeNumbersOnly: true } scale
            ? scale.Points()
            : [.. pairs.SelectMany(pair => new[] { pair.First, pair.Second }).Distinct().Order()];
        if (categories.Count < 2)
        {
            throw new StatisticUndefinedException(
                $"Raters {firstRater + 1} and {secondRater + 1} gave every shared unit the same rating, {RatingScale.Format(categories[0])}, so kappa is undefined (chance agreement is already 1). Declare the rating scale to tabulate over all its points, or assess agreement on units whose ratings vary.");
        }

        var index = new Dictionary<double, int>();
        for (var i = 0; i < categories.Count; i++)
        {
            index[categories[i]] = i;
        }

        var table = new int[categories.Count, categories.Count];
        foreach (var (first, second) in pairs)
        {
            table[index[first], index[second]]++;
        }

        return new AgreementTable(table, categories, pairs.Count, skipped);
    }

    /// <summary>Cell proportions p_ij = n_ij / n.</summary>
    internal double[,] Proportions()
    {
        var proportions = new double[CategoryCount, CategoryCount];
        for (var row = 0; row < CategoryCount; row++)
        {
            for (var column = 0; column < CategoryCount; column++)
            {
                proportions[row, column] = counts[row, column] / (double)Total;
            }
        }

        return proportions;
    }

    private static void CheckRater(RatingMatrix ratings, int rater, string parameterName)
    {
        if (rater < 0 || rater >= ratings.RaterCount)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                rater,
                $"Rater index {rater} does not exist: the ratings have raters 0 to {ratings.RaterCount - 1} (counting from 0).");
        }
    }

    private static IReadOnlyList<double> ValidatedCategories(IReadOnlyList<double>? categories, int size)
    {
        if (categories is null)
        {
            return [.. Enumerable.Range(1, size).Select(i => (double)i)];
        }

        if (categories.Count != size)
        {
            throw new ArgumentException(
                $"The agreement table has {size} categories but {categories.Count} category scores were given. Give one score per row.",
                nameof(categories));
        }

        for (var i = 0; i < categories.Count; i++)
        {
            if (!double.IsFinite(categories[i]) || (i > 0 && categories[i] <= categories[i - 1]))
            {
                throw new ArgumentException(
                    "Category scores must be finite and strictly increasing, in the order of the table's rows.",
                    nameof(categories));
            }
        }

        return [.. categories];
    }
}
