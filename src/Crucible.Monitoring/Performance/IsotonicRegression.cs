namespace Crucible.Monitoring.Performance;

/// <summary>
/// Increasing isotonic regression as scikit-learn's <c>IsotonicRegression(out_of_bounds="clip")</c> fits and predicts:
/// rows sorted by x, x values closer than 1e-15 (float64 resolution) merged into one point with the weighted mean of
/// their y, the pool-adjacent-violators algorithm on those points, then prediction by linear interpolation between the
/// fitted points (<c>np.interp</c>), clipped to the fitted x range.
/// </summary>
public sealed class IsotonicRegression
{
    private const double Resolution = 1e-15;

    private readonly double[] _x;
    private readonly double[] _y;

    private IsotonicRegression(double[] x, double[] y)
    {
        _x = x;
        _y = y;
    }

    /// <summary>The fitted points' x values, increasing.</summary>
    public IReadOnlyList<double> Thresholds => _x;

    /// <summary>The fitted values at <see cref="Thresholds"/>, non-decreasing.</summary>
    public IReadOnlyList<double> Values => _y;

    /// <summary>Fits y on x (unit weights). Both must be finite and of the same, non-zero length.</summary>
    public static IsotonicRegression Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length == 0)
        {
            throw new ArgumentException($"Isotonic regression needs x and y of the same non-zero length, got {x.Length} and {y.Length}.", nameof(y));
        }

        var order = new int[x.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"Row {i} is not finite (x {x[i]}, y {y[i]}).", nameof(x));
            }

            order[i] = i;
        }

        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(order, (a, b) => xs[a] != xs[b] ? xs[a].CompareTo(xs[b]) : ys[a].CompareTo(ys[b]));

        // Merge (near-)equal x values into one weighted point, as sklearn's _make_unique does.
        var ux = new List<double>();
        var uy = new List<double>();
        var uw = new List<double>();
        var current = xs[order[0]];
        double sum = 0, weight = 0;
        foreach (var i in order)
        {
            if (xs[i] - current >= Resolution)
            {
                ux.Add(current);
                uy.Add(sum / weight);
                uw.Add(weight);
                current = xs[i];
                sum = 0;
                weight = 0;
            }

            sum += ys[i];
            weight++;
        }

        ux.Add(current);
        uy.Add(sum / weight);
        uw.Add(weight);
        return new IsotonicRegression([.. ux], Pava([.. uy], [.. uw]));
    }

    /// <summary>The fitted function at <paramref name="x"/>: linear between fitted points, constant outside them.</summary>
    public double Predict(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= _x[0])
        {
            return _y[0];
        }

        if (x >= _x[^1])
        {
            return _y[^1];
        }

        var hi = Array.BinarySearch(_x, x);
        if (hi >= 0)
        {
            return _y[hi];
        }

        hi = ~hi;
        var lo = hi - 1;
        var t = (x - _x[lo]) / (_x[hi] - _x[lo]);
        return _y[lo] + (t * (_y[hi] - _y[lo]));
    }

    /// <summary>Pool adjacent violators: the weighted least-squares non-decreasing fit to <paramref name="y"/>.</summary>
    private static double[] Pava(double[] y, double[] w)
    {
        var n = y.Length;
        var value = new double[n];
        var weight = new double[n];
        var count = new int[n];
        var blocks = 0;
        for (var i = 0; i < n; i++)
        {
            value[blocks] = y[i];
            weight[blocks] = w[i];
            count[blocks] = 1;
            blocks++;
            while (blocks > 1 && value[blocks - 2] > value[blocks - 1])
            {
                var merged = weight[blocks - 2] + weight[blocks - 1];
                value[blocks - 2] = ((value[blocks - 2] * weight[blocks - 2]) + (value[blocks - 1] * weight[blocks - 1])) / merged;
                weight[blocks - 2] = merged;
                count[blocks - 2] += count[blocks - 1];
                blocks--;
            }
        }

        var fitted = new double[n];
        var k = 0;
        for (var b = 0; b < blocks; b++)
        {
            for (var j = 0; j < count[b]; j++)
            {
                fitted[k++] = value[b];
            }
        }

        return fitted;
    }
}
