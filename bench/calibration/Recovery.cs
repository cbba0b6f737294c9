using System.Globalization;

namespace Rapport.Stats.Bench;

/// <summary>How well estimates recover the simulated truth.</summary>
internal static class Recovery
{
    public static string Describe(string facet, IReadOnlyList<double> estimates, IReadOnlyList<double> truth, bool withRmse)
    {
        var r = Pearson(estimates, truth).ToString("F4", CultureInfo.InvariantCulture);
        return withRmse
            ? $"{facet}: r = {r}, RMSE = {Rmse(estimates, truth).ToString("F4", CultureInfo.InvariantCulture)} logits"
            : $"{facet}: r = {r}";
    }

    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var meanA = a.Average();
        var meanB = b.Average();
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }

        return ab / Math.Sqrt(aa * bb);
    }

    /// <summary>Root mean square error after centring both (the model fixes the origin, the truth has its own).</summary>
    public static double Rmse(IReadOnlyList<double> estimates, IReadOnlyList<double> truth)
    {
        var shift = estimates.Average() - truth.Average();
        double sum = 0;
        for (var i = 0; i < estimates.Count; i++)
        {
            var error = estimates[i] - shift - truth[i];
            sum += error * error;
        }

        return Math.Sqrt(sum / estimates.Count);
    }
}
