namespace Crucible.Stats.Drift;

/// <summary>Names by which drift tests are selected (the same names Evidently uses).</summary>
public static class DriftTestNames
{
    public const string KolmogorovSmirnov = "ks";
    public const string ChiSquare = "chisquare";
    public const string ZTest = "z";
    public const string Wasserstein = "wasserstein";
    public const string JensenShannon = "jensenshannon";
    public const string Psi = "psi";
    public const string Hellinger = "hellinger";
    public const string LInfinity = "linf";
}
