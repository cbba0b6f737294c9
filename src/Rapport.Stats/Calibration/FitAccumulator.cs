namespace Rapport.Stats.Calibration;

/// <summary>
/// Sums over a set of ratings from which infit and outfit follow, with the model variances of
/// both mean-squares (Wright and Masters, 1982, eqs. 5.4–5.5) for their standardisation.
/// </summary>
internal sealed class FitAccumulator
{
    /// <summary>Variances below this are treated as this, so one near-certain rating cannot dominate the outfit.</summary>
    private const double SmallestVariance = 1e-6;

    public int Count { get; private set; }

    public double SquaredResiduals { get; private set; }

    public double Information { get; private set; }

    public double StandardisedSquares { get; private set; }

    public double OutfitVarianceTerms { get; private set; }

    public double InfitVarianceTerms { get; private set; }

    public double Ratings { get; private set; }

    public void Add(double category, double expected, double variance, double fourthMoment)
    {
        var residual = category - expected;
        var v = Math.Max(variance, SmallestVariance);
        Count++;
        Ratings += category;
        SquaredResiduals += residual * residual;
        Information += v;
        StandardisedSquares += residual * residual / v;
        OutfitVarianceTerms += fourthMoment / (v * v);
        InfitVarianceTerms += fourthMoment - (v * v);
    }

    public void Add(FitAccumulator other)
    {
        Count += other.Count;
        Ratings += other.Ratings;
        SquaredResiduals += other.SquaredResiduals;
        Information += other.Information;
        StandardisedSquares += other.StandardisedSquares;
        OutfitVarianceTerms += other.OutfitVarianceTerms;
        InfitVarianceTerms += other.InfitVarianceTerms;
    }

    /// <summary>The mean-squares; with no ratings, the model's expectation (1, z = 0).</summary>
    public FitStatistic Statistic()
    {
        if (Count == 0)
        {
            return new FitStatistic(1, 0, 1, 0);
        }

        var outfit = StandardisedSquares / Count;
        var infit = SquaredResiduals / Information;
        var outfitSpread = Math.Sqrt(Math.Max(0, (OutfitVarianceTerms / ((double)Count * Count)) - (1.0 / Count)));
        var infitSpread = Math.Sqrt(Math.Max(0, InfitVarianceTerms) / (Information * Information));
        return new FitStatistic(infit, Standardised(infit, infitSpread), outfit, Standardised(outfit, outfitSpread));
    }

    /// <summary>t = (MS^(1/3) − 1)(3/q) + q/3, where q is the model SD of the mean-square.</summary>
    private static double Standardised(double meanSquare, double spread) =>
        spread <= 1e-9 ? 0 : ((Math.Cbrt(meanSquare) - 1) * (3 / spread)) + (spread / 3);
}
