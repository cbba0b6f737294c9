namespace Rapport.Stats;

/// <summary>
/// The one computation behind Cohen's and weighted kappa: with agreement weights w (1 on the
/// diagonal) plain kappa is the special case w = identity, so both share the variance formulas of
/// Fleiss, Cohen and Everitt (1969), the ones SAS PROC FREQ reports.
/// </summary>
internal static class KappaEstimator
{
    public static KappaResult Compute(AgreementTable table, double[,] weights)
    {
        var k = table.CategoryCount;
        var p = table.Proportions();
        var rows = new double[k];
        var columns = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                rows[i] += p[i, j];
                columns[j] += p[i, j];
            }
        }

        double observed = 0;
        double expected = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                observed += weights[i, j] * p[i, j];
                expected += weights[i, j] * rows[i] * columns[j];
            }
        }

        if (1 - expected <= 1e-12)
        {
            throw new StatisticUndefinedException(
                "Kappa is undefined: chance agreement is already complete (every subject falls in categories that count as full agreement, for example both raters used a single category). Assess agreement on subjects whose ratings vary.");
        }

        var kappa = (observed - expected) / (1 - expected);

        // w̄_i. and w̄_.j: the mean weight of row i over the column margins, and of column j over the row margins.
        var rowWeight = new double[k];
        var columnWeight = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                rowWeight[i] += columns[j] * weights[i, j];
                columnWeight[j] += rows[i] * weights[i, j];
            }
        }

        double spread = 0;
        double spreadUnderNull = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var deviation = weights[i, j] - ((rowWeight[i] + columnWeight[j]) * (1 - kappa));
                spread += p[i, j] * deviation * deviation;
                var deviationUnderNull = weights[i, j] - (rowWeight[i] + columnWeight[j]);
                spreadUnderNull += rows[i] * columns[j] * deviationUnderNull * deviationUnderNull;
            }
        }

        var scale = (1 - expected) * (1 - expected) * table.Total;
        var bias = kappa - (expected * (1 - kappa));
        var variance = (spread - (bias * bias)) / scale;
        var varianceUnderNull = (spreadUnderNull - (expected * expected)) / scale;

        return new KappaResult(
            kappa,
            observed,
            expected,
            Math.Sqrt(Math.Max(0, variance)),
            Math.Sqrt(Math.Max(0, varianceUnderNull)),
            table.Total);
    }
}
