using Crucible.Stats.Profiles;
using Crucible.Monitoring.Readers;
using Crucible.Stats.Tests.Profiles;

namespace Crucible.Monitoring.Tests.Drift;

/// <summary>The same seeded rows as a raw table and as a profile.</summary>
internal static class DriftData
{
    public static (RawTable Raw, DatasetProfile Profile) Make(Random rng, int rows, double shift)
    {
        double[] x = new double[rows], level = new double[rows], flag = new double[rows];
        string?[] color = new string?[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = Math.Round(ProfileData.Normal(rng) + shift, 3);
            level[i] = rng.NextDouble() < 0.1 + (shift / 4) ? 3 : rng.Next(0, 3);
            flag[i] = rng.NextDouble() < 0.3 + (shift / 3) ? 1 : 0;
            color[i] = i % 17 == 0 ? null : ProfileData.Colors[Math.Min(4, (int)(rng.NextDouble() * (5 + shift)))];
        }

        var raw = new RawTable(rows, [new("x", x, null), new("level", level, null), new("flag", flag, null), new("color", null, color)]);
        var b = new ProfileBuilder();
        b.Add("x", x);
        b.Add("level", level);
        b.Add("flag", flag);
        foreach (string? c in color)
        {
            b.Add("color", c);
        }

        return (raw, b.Build());
    }
}
