namespace Crucible.Stats.Distributions;

/// <summary>
/// Exact null distribution of the two-sided two-sample KS statistic by lattice-path counting.
/// With g = gcd(m, n), a = n/g, b = m/g and h = round(D·lcm), a path from (0,0) to (m,n) stays
/// "inside" when every visited point has |i·a - j·b| &lt; h; the p-value is 1 - inside/C(m+n, m).
/// Counts are kept normalised by C(i+j, i) so every cell stays in [0, 1]. Equal sizes use the
/// reflection-principle series 2 Σ_{k≥1} (-1)^{k-1} C(2n, n-kh)/C(2n, n) in nested form.
/// </summary>
internal static class ExactTwoSampleKs
{
    public static bool TryPValue(int m, int n, double d, out double roundedD, out double pValue)
    {
        long g = Gcd(m, n);
        long lcm = m / g * (long)n;
        long h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        roundedD = (double)h / lcm;
        if (h == 0)
        {
            pValue = 1.0;
            return true;
        }

        pValue = m == n ? EqualSizes(n, h) : 1.0 - Inside(m, n, g, h);
        return pValue is >= 0 and <= 1;
    }

    private static double EqualSizes(int n, long h)
    {
        // P = 2 (A₁ - A₁A₂ + A₁A₂A₃ - …) with A_k = Π_{j=(k-1)h}^{kh-1} (n-j)/(n+j+1).
        double p = 0.0;
        long kMax = n / h;
        for (long k = kMax; k >= 1; k--)
        {
            double ak = 1.0;
            for (long j = (k - 1) * h; j < k * h; j++)
            {
                ak *= (double)(n - j) / (n + j + 1);
            }

            p = ak * (1.0 - p);
        }

        return 2 * p;
    }

    private static double Inside(int m, int n, long g, long h)
    {
        long a = n / g; // weight of a step in the first sample
        long b = m / g; // weight of a step in the second sample
        var col = new double[n + 1];
        // Column i = 0: points (0, j) are inside while j·b < h.
        int hi = (int)Math.Min(n, CeilDiv(h, b) - 1);
        for (int j = 0; j <= hi; j++)
        {
            col[j] = 1.0;
        }

        int lo = 0;
        for (int i = 1; i <= m; i++)
        {
            // Inside: (i·a - h)/b < j < (i·a + h)/b
            long num = (i * a) - h;
            int newLo = (int)Math.Max(0, FloorDiv(num, b) + 1);
            int newHi = (int)Math.Min(n, CeilDiv((i * a) + h, b) - 1);
            if (newLo > newHi)
            {
                return 0.0;
            }

            for (int j = lo; j < Math.Min(newLo, n + 1); j++)
            {
                col[j] = 0.0;
            }

            for (int j = newLo; j <= newHi; j++)
            {
                double fromLeft = j <= hi ? col[j] : 0.0;
                double fromBelow = j > newLo ? col[j - 1] : 0.0;
                col[j] = ((fromLeft * i) + (fromBelow * j)) / (i + j);
            }

            lo = newLo;
            hi = newHi;
        }

        return hi == n ? col[n] : 0.0;
    }

    private static long FloorDiv(long x, long y) => x >= 0 ? x / y : -((-x + y - 1) / y);

    private static long CeilDiv(long x, long y) => x >= 0 ? (x + y - 1) / y : -(-x / y);

    private static long Gcd(long x, long y)
    {
        while (y != 0)
        {
            (x, y) = (y, x % y);
        }

        return x;
    }
}
