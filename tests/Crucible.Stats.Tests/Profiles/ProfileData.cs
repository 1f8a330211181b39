using Crucible.Stats.Profiles;

namespace Crucible.Stats.Tests.Profiles;

/// <summary>Seeded profiles for property tests.</summary>
internal static class ProfileData
{
    public static readonly string[] Colors = ["red", "green", "blue", "yellow", "black"];

    /// <summary>A profile with a continuous, a low-cardinality numeric, a categorical and a sparse column.</summary>
    public static DatasetProfile Random(Random rng, int rows, double shift = 0.0, ProfileOptions? options = null)
    {
        var b = new ProfileBuilder(options);
        double[] x = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = Normal(rng) + shift;
        }

        b.Add("x", x);
        for (int i = 0; i < rows; i++)
        {
            b.Add("level", (double)rng.Next(0, 4));
            b.Add("color", Colors[rng.Next(Colors.Length)]);
            if (rng.NextDouble() < 0.3)
            {
                b.AddNull("sparse");
            }
            else
            {
                b.Add("sparse", rng.NextDouble() < 0.05 ? double.NaN : rng.NextDouble() < 0.02 ? double.PositiveInfinity : rng.NextDouble());
            }
        }

        b.CountRows(rows);
        return b.Build();
    }

    public static double Normal(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
}
