using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Tests.Harness;

/// <summary>Seeded synthetic prediction tables for tests.</summary>
internal static class Tables
{
    /// <summary>Binary labels, scores that separate them somewhat (plus <paramref name="shift"/>), and a 'group' column a/b/c.</summary>
    public static PredictionTable Binary(int n, int seed, double shift = 0.0, int labelSeed = -1)
    {
        var labelRandom = new Random(labelSeed < 0 ? seed : labelSeed);
        var random = new Random(seed);
        var labels = new int[n];
        var scores = new double[n];
        var groups = new string?[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = labelRandom.NextDouble() < 0.4 ? 1 : 0;
            groups[i] = ((char)('a' + (i % 3))).ToString();
        }

        for (var i = 0; i < n; i++)
        {
            scores[i] = Math.Clamp((0.3 * labels[i]) + (0.7 * random.NextDouble()) + shift, 0.0, 1.0);
        }

        return PredictionTable.Binary(labels, scores, attributes: new Dictionary<string, string?[]> { ["group"] = groups });
    }
}
