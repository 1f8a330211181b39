namespace Crucible.Cli.Demo;

/// <summary>Reads back what the demo left: versions, the champion alias, the drift alert.</summary>
internal sealed partial class DemoRunner
{
    private async Task CollectAsync()
    {
        var model = await client.GetRegisteredModelAsync(ModelName, cancellationToken: _stop);
        _summary.ChampionVersion = (model.Aliases ?? []).FirstOrDefault(a => a.Alias == ChampionAlias)?.Version;
        var versions = new List<string>();
        await foreach (var version in client.SearchAllModelVersionsAsync($"name='{ModelName}'", cancellationToken: _stop))
        {
            versions.Add(version.Version);
        }

        _summary.Versions.AddRange(versions.OrderBy(v => int.TryParse(v, out var n) ? n : int.MaxValue));
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
        var lineage = await client.GetModelLineageAsync(ModelName, version, cancellationToken: _stop);
        var parameters = (lineage.Params ?? [])
            .Where(p => p.Key is not null)
            .ToDictionary(p => p.Key!, p => p.Value ?? string.Empty, StringComparer.Ordinal);
        var metrics = (lineage.Metrics ?? []).Select(m => m.Key).OfType<string>().ToList();
        var datasets = (lineage.Datasets ?? [])
            .Select(d => new DemoLineageDataset(
                d.Name ?? string.Empty,
                d.Digest ?? string.Empty,
                d.Source ?? string.Empty,
                (d.Tags ?? []).FirstOrDefault(t => t.Key == "mlflow.data.context")?.Value))
            .ToList();
        return new DemoLineage(lineage.RunId, lineage.RunStatus, parameters, metrics, datasets);
    }
}
