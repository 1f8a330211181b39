using System.Globalization;
using System.Text.Json;

namespace Crucible.Stats.Tests.Drift;

/// <summary>Loads golden/drift_golden.json (written by make_drift_golden.py) and replays its samples.</summary>
internal static class GoldenFile
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Drift", "golden", "drift_golden.json");
        return JsonDocument.Parse(File.ReadAllText(path));
    });

    public static JsonElement Root => Document.Value.RootElement;

    public static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.NaN,
        },
        _ => throw new InvalidOperationException($"Not a number: {e}"),
    };

    public static JsonElement DriftCase(string name)
    {
        foreach (JsonElement c in Root.GetProperty("drift").EnumerateArray())
        {
            if (c.GetProperty("name").GetString() == name)
            {
                return c;
            }
        }

        throw new KeyNotFoundException(name);
    }

    public static IEnumerable<object[]> DriftCaseNames() =>
        Root.GetProperty("drift").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    /// <summary>True when the spec produces strings (explicit string values).</summary>
    public static bool IsText(JsonElement spec) =>
        spec.GetProperty("kind").GetString() == "values"
        && spec.GetProperty("values").EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String);

    public static string[] Strings(JsonElement spec) =>
        spec.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray();

    /// <summary>Replays the sample exactly as the Python generator does (splitmix64, one exact division).</summary>
    public static double[] Numbers(JsonElement spec)
    {
        string kind = spec.GetProperty("kind").GetString()!;
        if (kind == "values")
        {
            return spec.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        }

        ulong state = spec.GetProperty("seed").GetUInt64();
        int n = spec.GetProperty("n").GetInt32();
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (kind == "irwin")
            {
                long t = -2_000_000;
                for (int r = 0; r < 4; r++)
                {
                    t += (long)(Next(ref state) % 1_000_000UL);
                }

                long scale = spec.GetProperty("scale").GetInt64();
                long shift = spec.GetProperty("shift").GetInt64();
                result[i] = (double)((t * scale) + shift) / spec.GetProperty("div").GetInt64();
            }
            else if (kind == "int")
            {
                ulong range = spec.GetProperty("range").GetUInt64();
                long v = (long)(Next(ref state) % range) + spec.GetProperty("shift").GetInt64();
                result[i] = (double)v / spec.GetProperty("div").GetInt64();
            }
            else
            {
                throw new InvalidOperationException(kind.ToString(CultureInfo.InvariantCulture));
            }
        }

        return result;
    }

    private static ulong Next(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
