namespace Rapport.Stats;

/// <summary>
/// Fleiss' (1971) kappa: agreement among a fixed number of ratings per subject on unordered
/// categories, where different subjects may be rated by different raters.
/// </summary>
public static class FleissKappa
{
    /// <summary>
    /// Computes kappa from counts: one row per subject, one column per category, each cell the
    /// number of raters who put that subject in that category (Fleiss' own layout).
    /// </summary>
    public static FleissKappaResult Compute(IReadOnlyList<IReadOnlyList<int>> countsBySubject)
    {
        ArgumentNullException.ThrowIfNull(countsBySubject);
        if (countsBySubject.Count == 0)
        {
            throw new ArgumentException(
                "There are no subjects. Fleiss' kappa needs at least one subject rated by at least two raters.",
                nameof(countsBySubject));
        }

        var categories = countsBySubject[0].Count;
        var raters = -1;
        for (var subject = 0; subject < countsBySubject.Count; subject++)
        {
            var row = countsBySubject[subject];
            if (row.Count != categories)
            {
                throw new ArgumentException(
                    $"Subject {subject + 1} has counts for {row.Count} categories but subject 1 has {categories}. Give every subject one count per category, 0 where no rater chose it.",
                    nameof(countsBySubject));
            }

            if (row.Any(count => count < 0))
            {
                throw new ArgumentException(
                    $"Subject {subject + 1} has a negative count. Counts are numbers of raters and cannot be negative.",
                    nameof(countsBySubject));
            }

            var total = row.Sum();
            if (raters < 0)
            {
                raters = total;
            }
            else if (total != raters)
            {
                throw new ArgumentException(
                    $"Subject {subject + 1} has {total} ratings but subject 1 has {raters}. Fleiss' kappa needs the same number of ratings for every subject; drop the incomplete subjects, or use Krippendorff's alpha, which allows missing ratings.",
                    nameof(countsBySubject));
            }
        }

        if (raters < 2)
        {
            throw new ArgumentException(
                $"Each subject has {raters} rating(s). Agreement needs at least two ratings per subject.",
                nameof(countsBySubject));
        }

        var n = countsBySubject.Count;
        var categoryTotals = new double[categories];
        double agreement = 0;
        foreach (var row in countsBySubject)
        {
            double pairsAgreeing = 0;
            for (var j = 0; j < categories; j++)
            {
                categoryTotals[j] += row[j];
                pairsAgreeing += (double)row[j] * (row[j] - 1);
            }

            agreement += pairsAgreeing / ((double)raters * (raters - 1));
        }

        var observed = agreement / n;
        var expected = categoryTotals.Sum(total => Math.Pow(total / ((double)n * raters), 2));
        if (1 - expected <= 1e-12)
        {
            throw new StatisticUndefinedException(
                "Fleiss' kappa is undefined: every rating fell in the same category, so chance agreement is already complete. Assess agreement on subjects whose ratings vary.");
        }

        return new FleissKappaResult((observed - expected) / (1 - expected), observed, expected, n, raters);
    }

    /// <summary>
    /// Computes kappa from a rating matrix, treating each distinct rating as a category. Every
    /// unit must have the same number of ratings (which raters gave them may differ).
    /// </summary>
    public static FleissKappaResult FromRatings(RatingMatrix ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var values = ratings.DistinctValues();
        var index = new Dictionary<double, int>();
        for (var i = 0; i < values.Count; i++)
        {
            index[values[i]] = i;
        }

        var counts = new List<IReadOnlyList<int>>();
        for (var unit = 0; unit < ratings.UnitCount; unit++)
        {
            var row = new int[values.Count];
            foreach (var rating in ratings.RatingsOf(unit))
            {
                row[index[rating]]++;
            }

            counts.Add(row);
        }

        return Compute(counts);
    }
}
