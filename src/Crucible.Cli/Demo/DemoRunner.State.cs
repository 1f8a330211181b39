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
        _summary.LastDetail = $"versions {string.Join(", ", _summary.Versions)}; @{ChampionAlias} → version {_summary.ChampionVersion}";
    }

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
