using System.Text.Json;

namespace Crucible.Evaluation.Tests.Harness;

/// <summary>Loads golden/expected.json (written by golden/make_golden.py from python3-sklearn) and compares metrics.</summary>
internal static class GoldenCase
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Harness", "golden");

    public static JsonElement Load(string name)
    {
        var document = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Folder, "expected.json")));
        return document.RootElement.GetProperty(name).Clone();
    }

    public static string File(JsonElement golden) => Path.Combine(Folder, golden.GetProperty("file").GetString()!);

    /// <summary>Same metric names; each value within 1e-9 (relative to its size above 1), NaN equal to "NaN".</summary>
    public static void AssertMetrics(JsonElement expected, IReadOnlyDictionary<string, double> actual, string where)
    {
        var names = expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, actual.Keys.Order(StringComparer.Ordinal).ToList());
        foreach (var property in expected.EnumerateObject())
        {
            var value = actual[property.Name];
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                Assert.True(double.IsNaN(value), $"{where} {property.Name}: expected NaN, got {value}");
                continue;
            }

            var want = property.Value.GetDouble();
            Assert.True(
                Math.Abs(value - want) <= 1e-9 * Math.Max(1.0, Math.Abs(want)),
                $"{where} {property.Name}: expected {want:R}, got {value:R}");
        }
    }

    public static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1.0, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
