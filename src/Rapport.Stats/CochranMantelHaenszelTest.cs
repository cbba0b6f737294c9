namespace Rapport.Stats;

/// <summary>
/// The Cochran–Mantel–Haenszel test for 2 × 2 × K tables: is row membership associated with the
/// outcome once the strata (roles, periods, sites) are held apart? Pooling raw counts instead
/// can manufacture or hide a difference (Simpson's paradox); this test compares like with like.
/// </summary>
public static class CochranMantelHaenszelTest
{
    public static CochranMantelHaenszelResult Compute(
        IReadOnlyList<TwoByTwoTable> strata,
        bool continuityCorrection = true,
        double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(strata);
        if (strata.Count == 0)
        {
            throw new ArgumentException("There are no strata. Provide one 2 × 2 table per stratum.", nameof(strata));
        }

        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "A confidence level is a probability strictly between 0 and 1, such as 0.95.");
        }

        double observedMinusExpected = 0;
        double variance = 0;
        double concordant = 0;
        double discordant = 0;
        double pp = 0;
        double pqQp = 0;
        double qq = 0;
        for (var s = 0; s < strata.Count; s++)
        {
            var table = strata[s] ?? throw new ArgumentException($"Stratum {s + 1} is missing.", nameof(strata));
            double n = table.Total;
            if (n < 2)
            {
                throw new ArgumentException(
                    $"Stratum {s + 1} has {n} subject(s). Every stratum needs at least 2; merge it with a neighbouring stratum or leave it out.",
                    nameof(strata));
            }

            observedMinusExpected += table.A - (table.FirstRowTotal * (double)table.FirstColumnTotal / n);
            variance += (double)table.FirstRowTotal * table.SecondRowTotal * table.FirstColumnTotal * table.SecondColumnTotal / (n * n * (n - 1));

            // Robins, Breslow and Greenland (1986): P = (A + D)/n, Q = (B + C)/n, R = AD/n, S = BC/n.
            var r = (double)table.A * table.D / n;
            var sValue = (double)table.B * table.C / n;
            var p = (table.A + (double)table.D) / n;
            var q = (table.B + (double)table.C) / n;
            concordant += r;
            discordant += sValue;
            pp += p * r;
            pqQp += (p * sValue) + (q * r);
            qq += q * sValue;
        }

        if (variance <= 0)
        {
            throw new StatisticUndefinedException(
                "The Cochran–Mantel–Haenszel test is undefined: in every stratum one row or one outcome column is empty, so no stratum carries information about an association. Check that each stratum contains both groups and both outcomes.");
        }

        var deviation = Math.Abs(observedMinusExpected);
        var corrected = continuityCorrection && deviation >= 0.5;
        var adjusted = corrected ? deviation - 0.5 : deviation;
        var chiSquare = adjusted * adjusted / variance;

        double? oddsRatio = discordant > 0 ? concordant / discordant : null;
        double? lower = null;
        double? upper = null;
        if (oddsRatio is > 0)
        {
            var logVariance = (pp / (2 * concordant * concordant)) + (pqQp / (2 * concordant * discordant)) + (qq / (2 * discordant * discordant));
            var half = NormalDistribution.InverseCdf(0.5 + (confidenceLevel / 2)) * Math.Sqrt(logVariance);
            lower = oddsRatio.Value * Math.Exp(-half);
            upper = oddsRatio.Value * Math.Exp(half);
        }

        return new CochranMantelHaenszelResult(
            chiSquare,
            ChiSquareDistribution.UpperTail(chiSquare, 1),
            corrected,
            oddsRatio,
            lower,
            upper,
            confidenceLevel,
            strata.Count);
    }
}
