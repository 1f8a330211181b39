using System.Text.Json;
using Crucible.Core.Artifacts;
using Crucible.Core.Audit;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Core.Pipelines;
using Crucible.Core.Registry;
using Crucible.Core.Serving;
using Crucible.Core.Tracking;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Registration;
using Crucible.Evaluation.Harness;

namespace Crucible.Governance.Cards;

/// <summary>The stores a model card reads; every one is a Core port, so the card sees what the API sees.</summary>
public sealed record CardStores(
    IModelRegistryStore Registry,
    IRunStore Runs,
    IDatasetStore Datasets,
    IArtifactStore Artifacts,
    IDeploymentStore Deployments,
    IMonitorStore Monitors,
    IPipelineStore Pipelines,
    IAuditStore Audit);

/// <summary>
/// Reads what the platform records about a model version: its run, datasets (resolved to registered versions and
/// their parents), the evaluations stored on it, the pipeline runs that registered or promoted it, the deployments
/// that route to it with their monitors and alerts, and the audit rows that name it. The training dataset's data
/// checks and PII scan are rerun from its verified file.
/// </summary>
internal sealed class CardEvidenceReader(CardStores stores)
{
    /// <summary>Prefix of the tags that hold the written fields (on the model, overridden per version).</summary>
    public const string FieldTagPrefix = "crucible.card.";

    /// <summary>The tag of the latest evaluation id and the folder of stored evaluations (as the evaluation API writes them).</summary>
    public const string EvaluationTag = "crucible.evaluation.latest";

    private const int MaxPipelineRuns = 50;
    private const int MaxAuditPages = 20;
    private const int MaxAncestors = 8;

    public async Task<CardEvidence> ReadAsync(string name, string version, CancellationToken cancellationToken)
    {
        var model = await stores.Registry.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
        var found = await stores.Registry.GetModelVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        var package = await stores.Registry.GetPackageAsync(name, version, cancellationToken).ConfigureAwait(false);
        var run = found.RunId is { } runId ? await TryAsync(() => stores.Runs.GetRunAsync(runId, cancellationToken)).ConfigureAwait(false) : null;
        var datasets = await DatasetsAsync(run, cancellationToken).ConfigureAwait(false);
        var written = model.Tags.Concat(found.Tags)
            .Where(t => t.Key.StartsWith(FieldTagPrefix, StringComparison.Ordinal))
            .GroupBy(t => t.Key[FieldTagPrefix.Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        var training = datasets.FirstOrDefault(d => d.Context == "training" && d.Registered is not null) ?? datasets.FirstOrDefault(d => d.Registered is not null);
        return new CardEvidence(
            model,
            found,
            package,
            run,
            datasets,
            await EvaluationsAsync(found, run, cancellationToken).ConfigureAwait(false),
            await PipelineRunsAsync(found, cancellationToken).ConfigureAwait(false),
            training?.Registered is { } data ? await ChecksAsync(data, written.GetValueOrDefault("label"), cancellationToken).ConfigureAwait(false) : null,
            await DeploymentsAsync(model, found, cancellationToken).ConfigureAwait(false),
            await AuditAsync(found, cancellationToken).ConfigureAwait(false),
            written);
    }

    private async Task<IReadOnlyList<CardDataset>> DatasetsAsync(Run? run, CancellationToken cancellationToken)
    {
        var result = new List<CardDataset>();
        foreach (var input in run?.Inputs.DatasetInputs ?? [])
        {
            var registered = await ResolveAsync(input.Dataset, cancellationToken).ConfigureAwait(false);
            var ancestors = new List<DatasetVersion>();
            var pending = new Queue<DatasetParent>(registered?.Provenance.Parents ?? []);
            while (pending.TryDequeue(out var parent) && ancestors.Count < MaxAncestors)
            {
                if (await TryAsync(() => stores.Datasets.GetVersionAsync(parent.Name, parent.Version, cancellationToken)).ConfigureAwait(false) is { } found)
                {
                    ancestors.Add(found);
                    foreach (var next in found.Provenance.Parents ?? [])
                    {
                        pending.Enqueue(next);
                    }
                }
            }

            result.Add(new CardDataset(input, registered, ancestors));
        }

        return result;
    }

    /// <summary>A logged dataset's registered version: by its <c>datasets:/NAME/VERSION</c> source, else by name and digest.</summary>
    private async Task<DatasetVersion?> ResolveAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        const string Scheme = "datasets:/";
        if (dataset.Source.StartsWith(Scheme, StringComparison.Ordinal)
            && dataset.Source[Scheme.Length..].Split('/') is [var name, var number]
            && long.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            return await TryAsync(() => stores.Datasets.GetVersionAsync(name, version, cancellationToken)).ConfigureAwait(false);
        }

        try
        {
            return await stores.Datasets.FindByDigestAsync(dataset.Name, dataset.Digest, cancellationToken).ConfigureAwait(false);
        }
        catch (CrucibleException e) when (e.Code is ErrorCode.ResourceDoesNotExist or ErrorCode.InvalidParameterValue)
        {
            return null;
        }
    }

    /// <summary>
    /// The evaluation the version's tag names as its latest, read from the source run's <c>evaluations/</c> folder. Only the
    /// tag says which version an evaluation scored (versions registered from one run share its folder), so older ones are not shown.
    /// </summary>
    private async Task<IReadOnlyList<CardEvaluation>> EvaluationsAsync(ModelVersion version, Run? run, CancellationToken cancellationToken)
    {
        if (run is null || ArtifactUri.StorePath(run.Info.ArtifactUri) is not { } root
            || version.Tags.FirstOrDefault(t => t.Key == EvaluationTag)?.Value is not { } id
            || id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            return [];
        }

        try
        {
            await using var stream = await stores.Artifacts.OpenReadAsync(ArtifactPath.Combine(root, $"evaluations/{id}/evaluation.json"), cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            return EvaluationJson.Deserialize(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)) is { } parsed ? [new CardEvaluation(id, parsed)] : [];
        }
        catch (Exception e) when (e is CrucibleException { Code: ErrorCode.ResourceDoesNotExist } or JsonException)
        {
            return [];
        }
    }

    /// <summary>Pipeline runs (newest first) whose steps registered this version or moved an alias to it.</summary>
    private async Task<IReadOnlyList<PipelineRun>> PipelineRunsAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var found = new List<PipelineRun>();
        foreach (var pipeline in await stores.Pipelines.ListPipelinesAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var listed in await stores.Pipelines.ListRunsAsync(pipeline.Name, MaxPipelineRuns, cancellationToken).ConfigureAwait(false))
            {
                var run = await stores.Pipelines.GetRunAsync(listed.Id, cancellationToken).ConfigureAwait(false);
                if (run.Steps.Any(s => Produced(s, version)))
                {
                    found.Add(run);
                }
            }
        }

        return [.. found.OrderByDescending(r => r.CreationTimeMs)];
    }

    private static bool Produced(PipelineStepRun step, ModelVersion version)
    {
        var outputs = StepOutputs.Parse(step.OutputsJson);
        return step.Type switch
        {
            "register" => outputs.GetValueOrDefault("name") == version.Name && outputs.GetValueOrDefault("version") == version.Version,
            "promote" => outputs.GetValueOrDefault("version") == version.Version && (outputs.GetValueOrDefault("alias") ?? string.Empty).StartsWith(version.Name + "@", StringComparison.Ordinal),
            _ => false,
        };
    }

    private async Task<CardDataChecks?> ChecksAsync(DatasetVersion data, string? label, CancellationToken cancellationToken)
    {
        using var file = await DatasetFiles.FetchAsync(stores.Artifacts, data, cancellationToken).ConfigureAwait(false);
        var (report, pii) = await Task.Run(
            () => (DataChecker.Run(file.Path, new CheckOptions { Label = label }), PiiScanner.Scan(file.Path)),
            cancellationToken).ConfigureAwait(false);
        return new CardDataChecks($"{data.Name}@{data.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}", report, pii);
    }

    private async Task<IReadOnlyList<CardDeployment>> DeploymentsAsync(RegisteredModel model, ModelVersion version, CancellationToken cancellationToken)
    {
        var aliases = model.Aliases.Where(a => a.Version == version.Version).Select(a => a.Alias).ToHashSet(StringComparer.Ordinal);
        bool Serves(ModelReference r) => r.Model == version.Name && (r.Version == version.Version || (r.Alias is { } alias && aliases.Contains(alias)));
        var result = new List<CardDeployment>();
        foreach (var deployment in await stores.Deployments.ListDeploymentsAsync(cancellationToken).ConfigureAwait(false))
        {
            var routes = deployment.Routes.Where(r => Serves(r.Target)).Select(r => $"{r.Target} weight {r.Weight}").ToList();
            if (deployment.Shadow is { } shadow && Serves(shadow))
            {
                routes.Add($"{shadow} (shadow)");
            }

            if (routes.Count == 0)
            {
                continue;
            }

            var monitors = await stores.Monitors.ListMonitorsAsync(deployment.Name, cancellationToken).ConfigureAwait(false);
            var alerts = await stores.Monitors.ListAlertsAsync(new AlertQuery(deployment.Name, MaxResults: 100), cancellationToken).ConfigureAwait(false);
            result.Add(new CardDeployment(deployment, routes, monitors, alerts));
        }

        return result;
    }

    /// <summary>Audit rows whose target names the model (its registry, alias and stage writes, approvals).</summary>
    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var result = new List<AuditEntry>();
        long after = 0;
        for (var page = 0; page < MaxAuditPages; page++)
        {
            var entries = await stores.Audit.ListAsync(new AuditQuery { AfterSequence = after, MaxResults = AuditQuery.MaxPage }, cancellationToken).ConfigureAwait(false);
            result.AddRange(entries.Where(e => Names(e.Target, version.Name)));
            if (entries.Count < AuditQuery.MaxPage)
            {
                break;
            }

            after = entries[^1].Sequence;
        }

        return result;
    }

    private static bool Names(string target, string model)
    {
        try
        {
            using var document = JsonDocument.Parse(target);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (Is(document.RootElement, "name", model) || Is(document.RootElement, "model", model));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Is(JsonElement root, string key, string value) =>
        root.TryGetProperty(key, out var found) && found.ValueKind == JsonValueKind.String && found.GetString() == value;

    private static async Task<T?> TryAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (CrucibleException e) when (e.Code is ErrorCode.ResourceDoesNotExist or ErrorCode.InvalidParameterValue)
        {
            return null;
        }
    }
}

/// <summary>A pipeline step's outputs JSON (an object of strings) as a dictionary; anything else reads as empty.</summary>
internal static class StepOutputs
{
    public static IReadOnlyDictionary<string, string> Parse(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    result[property.Name] = property.Value.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not an object of strings: no outputs.
        }

        return result;
    }
}
