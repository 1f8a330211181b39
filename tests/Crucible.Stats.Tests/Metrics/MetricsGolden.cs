using System.Text.Json;

namespace Crucible.Stats.Tests.Metrics;

/// <summary>Reads golden/metrics_golden.json, produced by golden/make_metrics_golden.py from scikit-learn.</summary>
internal static class MetricsGolden
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Metrics", "golden", "metrics_golden.json");
        return JsonDocument.Parse(File.ReadAllText(path));
    });

    internal static JsonElement Root => Document.Value.RootElement;

    internal static TheoryData<string> Names(string group)
    {
        var data = new TheoryData<string>();
        foreach (var item in Root.GetProperty(group).EnumerateArray())
        {
            data.Add(item.GetProperty("name").GetString()!);
        }

        return data;
    }

    internal static JsonElement Case(string group, string name)
    {
        foreach (var item in Root.GetProperty(group).EnumerateArray())
        {
            if (item.GetProperty("name").GetString() == name)
            {
                return item;
            }
        }

        throw new InvalidOperationException($"No golden case '{name}' in '{group}'.");
    }

    internal static int[] Ints(JsonElement element)
    {
        var result = new int[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            result[i++] = item.GetInt32();
        }

        return result;
    }

    /// <summary>Doubles, with JSON null standing for NaN.</summary>
    internal static double[] Doubles(JsonElement element)
    {
        var result = new double[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            result[i++] = Number(item);
        }

        return result;
    }

    /// <summary>Empty when the JSON value is null (the "unweighted" convention of the metrics API).</summary>
    internal static double[] Weights(JsonElement testCase)
    {
        var w = testCase.GetProperty("weights");
        return w.ValueKind == JsonValueKind.Null ? [] : Doubles(w);
    }

    internal static double Number(JsonElement element)
        => element.ValueKind == JsonValueKind.Null ? double.NaN : element.GetDouble();

    internal static double Expected(JsonElement testCase, string metric)
        => Number(testCase.GetProperty("expected").GetProperty(metric));

    internal static bool HasExpected(JsonElement testCase, string metric)
        => testCase.GetProperty("expected").TryGetProperty(metric, out _);

    internal static double[][] Matrix(JsonElement element)
    {
        var rows = new double[element.GetArrayLength()][];
        var i = 0;
        foreach (var row in element.EnumerateArray())
        {
            rows[i++] = Doubles(row);
        }

        return rows;
    }
}
