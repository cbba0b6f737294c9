namespace Rapport.Stats.Calibration;

/// <summary>Small symmetric positive-definite systems (a signal's thresholds), solved by Cholesky.</summary>
internal static class DenseSystem
{
    /// <summary>
    /// Solves A x = b in place of <paramref name="b"/>, where A is n × n, row-major and
    /// symmetric positive definite; A is overwritten by its Cholesky factor. A matrix that is
    /// not positive definite within rounding gets a small ridge, so the step stays finite.
    /// </summary>
    public static void Solve(double[] a, double[] b, int n)
    {
        Factor(a, n);
        Substitute(a, b, n);
    }

    /// <summary>The diagonal of A⁻¹ (A is overwritten by its factor).</summary>
    public static double[] InverseDiagonal(double[] a, int n)
    {
        Factor(a, n);
        var diagonal = new double[n];
        var unit = new double[n];
        for (var i = 0; i < n; i++)
        {
            Array.Clear(unit);
            unit[i] = 1;
            Substitute(a, unit, n);
            diagonal[i] = unit[i];
        }

        return diagonal;
    }

    /// <summary>xᵀ A⁻¹ x (A is overwritten by its factor).</summary>
    public static double InverseQuadraticForm(double[] a, double[] x, int n)
    {
        Factor(a, n);
        var y = (double[])x.Clone();
        Substitute(a, y, n);
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>tr(A⁻¹ M) for n × n row-major A (symmetric positive definite, overwritten) and M.</summary>
    public static double TraceOfInverseTimes(double[] a, double[] m, int n)
    {
        Factor(a, n);
        double trace = 0;
        var column = new double[n];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                column[i] = m[(i * n) + j];
            }

            Substitute(a, column, n);
            trace += column[j];
        }

        return trace;
    }

    private static void Factor(double[] a, int n)
    {
        double largest = 0;
        for (var i = 0; i < n; i++)
        {
            largest = Math.Max(largest, Math.Abs(a[(i * n) + i]));
        }

        var ridge = Math.Max(largest, 1) * 1e-12;
        for (var j = 0; j < n; j++)
        {
            var diagonal = a[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                diagonal -= a[(j * n) + k] * a[(j * n) + k];
            }

            diagonal = Math.Sqrt(Math.Max(diagonal, ridge));
            a[(j * n) + j] = diagonal;
            for (var i = j + 1; i < n; i++)
            {
                var value = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    value -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = value / diagonal;
            }
        }
    }

    private static void Substitute(double[] factor, double[] b, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var value = b[i];
            for (var k = 0; k < i; k++)
            {
                value -= factor[(i * n) + k] * b[k];
            }

            b[i] = value / factor[(i * n) + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var value = b[i];
            for (var k = i + 1; k < n; k++)
            {
                value -= factor[(k * n) + i] * b[k];
            }

            b[i] = value / factor[(i * n) + i];
        }
    }
}
