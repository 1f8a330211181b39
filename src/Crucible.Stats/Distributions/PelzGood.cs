namespace Crucible.Stats.Distributions;

/// <summary>
/// Pelz-Good (1976) asymptotic series for P(√n·Dₙ ≤ z), as given by Simard and L'Ecuyer (2011):
/// K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2}, sums over half-integers (k+½) and integers k.
/// </summary>
internal static class PelzGood
{
    private const int Terms = 20;

    public static double Cdf(long n, double x)
    {
        double z = Math.Sqrt((double)n) * x;
        double z2 = z * z;
        double z3 = z2 * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double z7 = z6 * z;
        double z8 = z4 * z4;
        double z10 = z8 * z2;
        double pi2 = Math.PI * Math.PI;
        double pi4 = pi2 * pi2;
        double pi6 = pi4 * pi2;
        double w = pi2 / (2 * z2);

        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int k = 0; k < Terms; k++)
        {
            double u = k + 0.5;
            double u2 = u * u;
            double u4 = u2 * u2;
            double e = Math.Exp(-u2 * w);
            // Sum over k = -∞..∞ of half-integer terms = 2 × sum over k ≥ 0.
            s0 += e;
            s1 += ((pi2 * u2) - z2) * e;
            s2 += ((6 * z6) + (2 * z4) + (pi2 * ((2 * z4) - (5 * z2)) * u2) + (pi4 * (1 - (2 * z2)) * u4)) * e;
            s3 += ((pi6 * u4 * u2 * (5 - (30 * z2))) + (pi4 * u4 * ((-60 * z2) + (212 * z4)))
                + (pi2 * u2 * ((135 * z4) - (96 * z6))) - (30 * z6) - (90 * z8)) * e;
        }

        double t2 = 0, t3 = 0;
        for (int k = 1; k < Terms; k++)
        {
            double k2 = (double)k * k;
            double e = Math.Exp(-k2 * w);
            t2 += pi2 * k2 * e;
            t3 += ((-pi4 * k2 * k2) + (3 * pi2 * k2 * z2)) * e;
        }

        double c = Math.Sqrt(Math.PI / 2);
        double k0 = Math.Sqrt(2 * Math.PI) / z * s0;
        double k1 = c / (6 * z4) * 2 * s1;
        double k2v = (c / (72 * z7) * 2 * s2) - (c / (36 * z3) * 2 * t2);
        double k3 = (c / (6480 * z10) * 2 * s3) + (c / (216 * z6) * 2 * t3);
        double sn = Math.Sqrt((double)n);
        return Math.Clamp(k0 + (k1 / sn) + (k2v / n) + (k3 / (n * sn)), 0.0, 1.0);
    }
}
