namespace Crucible.Cli.Rendering;

/// <summary>
/// Picks the few metric and param columns a runs table shows: keys named in <c>--order-by</c> first, then the
/// keys most runs have (ties by name), up to <see cref="PerKind"/> of each.
/// </summary>
internal static class RunColumns
{
    public const int PerKind = 3;

    private static readonly string[] MetricPrefixes = ["metrics.", "metric."];
    private static readonly string[] ParamPrefixes = ["params.", "param.", "parameters.", "parameter."];

    public static IReadOnlyList<string> Pick(IEnumerable<IEnumerable<string>> keysPerRun, IEnumerable<string> orderBy, bool metrics)
    {
        var preferred = orderBy.Select(clause => OrderKey(clause, metrics ? MetricPrefixes : ParamPrefixes)).OfType<string>();
        var counts = keysPerRun.SelectMany(keys => keys.Distinct(StringComparer.Ordinal))
            .GroupBy(k => k, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var byFrequency = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key);
        return preferred.Where(counts.ContainsKey).Concat(byFrequency).Distinct(StringComparer.Ordinal).Take(PerKind).ToList();
    }

    /// <summary>The key an order-by clause sorts on when it names one of <paramref name="prefixes"/>: <c>metrics.`val loss` DESC</c> gives <c>val loss</c>.</summary>
    internal static string? OrderKey(string clause, IReadOnlyList<string> prefixes)
    {
        var text = clause.Trim();
        foreach (var direction in new[] { " ASC", " DESC" })
        {
            if (text.EndsWith(direction, StringComparison.OrdinalIgnoreCase))
            {
                text = text[..^direction.Length].TrimEnd();
            }
        }

        var prefix = prefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        if (prefix is null)
        {
            return null;
        }

        var key = text[prefix.Length..];
        return key.Length >= 2 && key[0] is '`' or '"' or '\'' && key[^1] == key[0] ? key[1..^1] : key;
    }
}
