namespace Rapport.Stats.Tests.Calibration;

internal static class Correlation
{
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
}
