namespace Rapport.Stats;

/// <summary>Cohen's (1960) kappa: chance-corrected agreement of two raters on unordered categories.</summary>
public static class CohenKappa
{
    public static KappaResult Compute(AgreementTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var weights = new double[table.CategoryCount, table.CategoryCount];
        for (var i = 0; i < table.CategoryCount; i++)
        {
            weights[i, i] = 1;
        }

        return KappaEstimator.Compute(table, weights);
    }
}
