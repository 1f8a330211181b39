namespace Crucible.Stats.Tests.Metrics;

/// <summary>Comparisons to reference values: 1e-9 (relative above magnitude 1), NaN equal to NaN.</summary>
internal static class MetricAssert
{
    internal const double Tolerance = 1e-9;

    internal static void Close(double expected, double actual, string what)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            Assert.True(double.IsNaN(expected) && double.IsNaN(actual), $"{what}: expected {expected:R}, got {actual:R}");
            return;
        }

        var scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(
            Math.Abs(expected - actual) <= Tolerance * scale,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):R})");
    }

    internal static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} values, got {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Close(expected[i], actual[i], $"{what}[{i}]");
        }
    }
}
