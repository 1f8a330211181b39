using System.Text.Json.Nodes;

namespace Crucible.Cli.Demo;

/// <summary>Reads back what the demo left: versions, the champion alias, the drift alert.</summary>
internal sealed partial class DemoRunner
{
    private async Task CollectAsync()
    {
        var model = (await http.GetAsync($"{DemoHttp.Mlflow}registered-models/get?name={ModelName}"))["registered_model"];
        _summary.ChampionVersion = model?["aliases"]?.AsArray()
            .FirstOrDefault(a => a?["alias"]?.GetValue<string>() == ChampionAlias)?["version"]?.GetValue<string>();
        var versions = await http.GetAsync($"{DemoHttp.Mlflow}model-versions/search?filter={Uri.EscapeDataString($"name='{ModelName}'")}");
        _summary.Versions.AddRange(
            (versions["model_versions"]?.AsArray() ?? [])
                .Select(v => v?["version"]?.GetValue<string>())
                .OfType<string>()
                .OrderBy(v => int.TryParse(v, out var n) ? n : int.MaxValue));
        if (_summary.ChampionVersion is { } champion)
        {
            _summary.ChampionLineage = await LineageAsync(champion);
        }

        var lineage = _summary.ChampionLineage;
        _summary.LastDetail = $"versions {string.Join(", ", _summary.Versions)}; @{ChampionAlias} → version {_summary.ChampionVersion}"
            + (lineage is null ? string.Empty : $", trained in run {lineage.RunId} ({lineage.RunStatus}) on {string.Join(", ", lineage.Datasets.Select(d => d.Name))}");
    }

    /// <summary>The version's lineage as <c>crucible models lineage</c> shows it: its run and the run's dataset inputs.</summary>
    private async Task<DemoLineage> LineageAsync(string version)
    {
        var lineage = await http.GetAsync($"{DemoHttp.Native}models/{ModelName}/versions/{version}/lineage");
        var parameters = (lineage["params"]?.AsArray() ?? [])
            .Where(p => p?["key"] is not null)
            .ToDictionary(p => p!["key"]!.GetValue<string>(), p => p!["value"]?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal);
        var metrics = (lineage["metrics"]?.AsArray() ?? []).Select(m => m?["key"]?.GetValue<string>()).OfType<string>().ToList();
        var datasets = (lineage["datasets"]?.AsArray() ?? [])
            .OfType<JsonNode>()
            .Select(d => new DemoLineageDataset(
                d["name"]?.GetValue<string>() ?? string.Empty,
                d["digest"]?.GetValue<string>() ?? string.Empty,
                d["source"]?.GetValue<string>() ?? string.Empty,
                (d["tags"]?.AsArray() ?? []).FirstOrDefault(t => t?["key"]?.GetValue<string>() == "mlflow.data.context")?["value"]?.GetValue<string>()))
            .ToList();
        return new DemoLineage(lineage["run_id"]?.GetValue<string>(), lineage["run_status"]?.GetValue<string>(), parameters, metrics, datasets);
    }

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
