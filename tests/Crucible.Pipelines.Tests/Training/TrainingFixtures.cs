using System.Globalization;
using System.Text;
using Crucible.Evaluation.Models;

namespace Crucible.Pipelines.Tests.Training;

/// <summary>Seeded synthetic datasets and the committed golden dataset.</summary>
internal static class TrainingFixtures
{
    public static string GoldenPath(string file) => Path.Combine(AppContext.BaseDirectory, "Training", "golden", file);

    /// <summary>The committed dataset behind golden.json (features a..d, labels y_class and y_reg).</summary>
    public static Dataset Golden(string label) =>
        Dataset.Read(GoldenPath("linear.csv"), label, excludeColumns: [label == "y_class" ? "y_reg" : "y_class"]);

    /// <summary>
    /// Rows with 5 features on different scales, a nonlinear class label in column <c>y</c> and a regression target in
    /// <c>t</c>.
    /// </summary>
    public static Dataset Synthetic(int rows, int seed, string label)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x0,x1,x2,x3,x4,y,t\n");
        for (var i = 0; i < rows; i++)
        {
            var x = new double[5];
            for (var j = 0; j < x.Length; j++)
            {
                x[j] = random.NextDouble() * 2 - 1;
            }

            x[1] *= 100;
            x[4] = Math.Round(x[4] * 3);
            var z = (2 * x[0]) - (0.02 * x[1]) + (3 * x[2] * x[3]) + (x[4] > 0 ? 1 : -1) + (random.NextDouble() - 0.5);
            var y = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
            var t = (5 * Math.Sin(3 * x[0])) + (0.01 * x[1]) + (4 * x[2] * x[3]) + random.NextDouble();
            csv.Append(string.Join(',', x.Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture))))
                .Append(CultureInfo.InvariantCulture, $",{y},{t.ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        return Dataset.ReadCsv(new StringReader(csv.ToString()), "synthetic", label, excludeColumns: [label == "y" ? "t" : "y"]);
    }

    public static Dictionary<string, string> Params(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
