using System.Globalization;
using Crucible.Core.Serving;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>
/// Writes an hour of captured predictions of the scaler deployment (x of shape [1, 4] from N(0, 1), y = x) straight
/// into the server's real prediction log, with a planted condition: shifted inputs or outputs, missing values,
/// corrupt records or fewer records.
/// </summary>
internal static class PlantedTraffic
{
    public const long Hour = 3_600_000;

    /// <summary>Appends <paramref name="count"/> records spread over the hour starting at <paramref name="hourStart"/>.</summary>
    public static Task AppendAsync(
        IPredictionLogStore log,
        string version,
        Random rng,
        long hourStart,
        int count = 300,
        double shiftX0 = 0,
        double shiftOutputs = 0,
        double nullX1Share = 0,
        int corrupt = 0)
    {
        var records = new List<PredictionRecord>();
        for (var i = 0; i < count; i++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => Normal(rng)).ToArray();
            x[0] += shiftX0;
            var missing = i < nullX1Share * count;
            var inputs = Tensor("x", x.Select((v, j) => j == 1 && missing ? "null" : Num(v)));
            var outputs = Tensor("y", x.Select(v => Num(v + shiftOutputs)));
            records.Add(new PredictionRecord($"r{hourStart}-{i}", "scorer", "scorer", version, hourStart + (i * (Hour / (count + corrupt + 1))), inputs, outputs, 1, false));
        }

        for (var i = 0; i < corrupt; i++)
        {
            records.Add(new PredictionRecord($"bad{hourStart}-{i}", "scorer", "scorer", version, hourStart + 10 + i, "{\"x\": [1, 2", null, 1, false));
        }

        return log.AppendPredictionsAsync(records, CancellationToken.None);
    }

    private static string Tensor(string name, IEnumerable<string> data) =>
        $"{{\"{name}\":{{\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[{string.Join(',', data)}]}}}}";

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
