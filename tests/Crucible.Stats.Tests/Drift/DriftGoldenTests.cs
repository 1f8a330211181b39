using System.Text.Json;
using Crucible.Stats.Drift;

namespace Crucible.Stats.Tests.Drift;

public sealed class DriftGoldenTests
{
    public static IEnumerable<object[]> Cases() => GoldenFile.DriftCaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statistic_and_pvalue_match_scipy(string name)
    {
        JsonElement c = GoldenFile.DriftCase(name);
        JsonElement options = c.GetProperty("options");
        var settings = new DriftTestSettings
        {
            Test = c.GetProperty("test").GetString()!,
            ColumnType = options.TryGetProperty("numerical", out JsonElement num) && !num.GetBoolean()
                ? DriftColumnType.Categorical
                : DriftColumnType.Numerical,
            NormalizeWasserstein = !options.TryGetProperty("normed", out JsonElement normed) || normed.GetBoolean(),
            JensenShannonBase = options.TryGetProperty("base", out JsonElement b) ? b.GetDouble() : null,
        };
        var calculator = new DriftCalculator(settings);
        JsonElement refSpec = c.GetProperty("reference");
        JsonElement curSpec = c.GetProperty("current");
        DriftTestResult result = GoldenFile.IsText(refSpec)
            ? calculator.Compute(GoldenFile.Strings(refSpec), GoldenFile.Strings(curSpec))
            : calculator.Compute(GoldenFile.Numbers(refSpec), GoldenFile.Numbers(curSpec));

        double expectedStat = GoldenFile.Number(c.GetProperty("statistic"));
        AssertClose(expectedStat, result.Statistic, $"{name} statistic");
        JsonElement p = c.GetProperty("pvalue");
        if (p.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(result.PValue);
        }
        else
        {
            Assert.NotNull(result.PValue);
            AssertClose(p.GetDouble(), result.PValue!.Value, $"{name} p-value");
        }
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        if (double.IsInfinity(expected))
        {
            Assert.Equal(expected, actual);
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= 1e-6, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
