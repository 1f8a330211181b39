using System.Security.Cryptography;
using System.Text.Json;
using Crucible.Contracts.Evaluation;
using Crucible.Contracts.Optimization;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Evaluation.Gates;
using Crucible.Evaluation.Inputs;
using Crucible.Onnx.Runtime;
using Crucible.Optimization;
using Crucible.Optimization.Accuracy;
using Crucible.Optimization.Quantization;
using Crucible.Registry;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// Optimized variants of a model version (docs/optimization.md): <c>optimize</c> applies a transform
/// (<see cref="ModelOptimizer"/>), measures the variant against its parent on a dataset when one is given, and
/// registers it as a new version of the same model, stored next to the parent in the parent's source run
/// (<c>optimized/&lt;version&gt;-&lt;transform&gt;-&lt;id&gt;</c>), with its lineage as version tags:
/// <c>crucible.optimized_from</c>, <c>crucible.optimization.transform</c>, <c>.settings</c> and <c>.delta</c>. A gate
/// that fails leaves nothing registered. <c>variants</c> lists a version's variants side by side.
/// </summary>
internal static class OptimizationEndpoints
{
    public const string OptimizedFromTag = "crucible.optimized_from";
    public const string TransformTag = "crucible.optimization.transform";
    public const string SettingsTag = "crucible.optimization.settings";
    public const string DeltaTag = "crucible.optimization.delta";
    public const string SizeTag = "crucible.optimization.bytes";
    private const int MaxDatasetNameLength = 200;

    private static OptimizationApiJsonContext Json => OptimizationApiJsonContext.Default;

    public static void MapOptimization(this IEndpointRouteBuilder api)
    {
        api.MapPost("models/{name}/versions/{version}/optimize", OptimizeAsync).Native("OptimizeModelVersion", "Make and register an optimized variant of a model version (graph, fp16, int8)").Body<OptimizeVersionRequest>();
        api.MapGet("models/{name}/versions/{version}/variants", VariantsAsync).Native("ListModelVariants", "List a model version's optimized and distilled variants");
    }

    private static async Task<JsonOk<OptimizeVersionResponse>> OptimizeAsync(
        HttpContext http, IModelRegistryStore registry, IRunStore runs, IArtifactStore artifacts, IModelSource models, TimeProvider time, string name, string version)
    {
        var cancellationToken = http.RequestAborted;
        var parent = await registry.GetModelVersionAsync(name, version, cancellationToken);
        var body = await OptimizationRequests.ReadAsync(http.Request, cancellationToken);
        var request = OptimizationRequests.Transform(body);
        var datasetName = DatasetName(body.DatasetName);
        var data = OptimizationRequests.Dataset(body);
        var file = await models.OpenAsync(parent.Name, parent.Version, cancellationToken);
        if (file.LocalPath is not null)
        {
            throw CrucibleException.Invalid($"Model version {parent.Name}/{parent.Version} keeps its weights in external files, which optimize does not read yet.");
        }

        var bytes = file.Bytes.ToArray();
        if (data is { } calibration && request.Transform == OptimizationTransform.Int8Static)
        {
            var d = calibration.Dataset;
            request = request with { CalibrationBatches = CalibrationBatches.FromRows(bytes, d.Features, d.RowCount, d.FeatureNames.Count) };
        }

        OptimizedModel variant;
        AccuracyDelta? delta;
        try
        {
            variant = ModelOptimizer.Optimize(bytes, request);
            delta = data is { } measured ? AccuracyDelta.Measure(bytes, variant.Bytes, measured.Dataset, measured.Spec, body.Gate, OptimizationRequests.RunSettings(body)) : null;
        }
        catch (OnnxRuntimeException e)
        {
            throw CrucibleException.Invalid($"The model could not be run for {request.Transform.Name()}: {e.Message}");
        }
        catch (EvaluationInputException e)
        {
            throw CrucibleException.Invalid(e.Message);
        }
        catch (GateSyntaxException e)
        {
            throw CrucibleException.Invalid($"Invalid gate: {e.Message}");
        }

        var deltaDto = delta is null ? null : OptimizationRequests.ToDto(delta, datasetName);
        var gate = delta?.Gate is { } g ? new EvaluationGateDto(g.Expression, g.Passed, [.. g.Evidence.Select(e => new GateEvidenceDto(e.Comparison, e.Left, e.Operator, e.Right, e.Passed))]) : null;
        var parentName = $"{parent.Name}/{parent.Version}";
        ModelVersion? created = null;
        if (gate is not { Passed: false })
        {
            created = await RegisterAsync(parent, variant, deltaDto, body.Description, registry, runs, artifacts, time, cancellationToken);
        }

        var answer = new OptimizeVersionResponse(
            created is not null, created?.ToDto(), parentName, variant.Transform.Name(), variant.Settings, variant.Notes, bytes.LongLength, variant.Bytes.LongLength, deltaDto, gate);
        return JsonOk.Of(answer, Json.OptimizeVersionResponse);
    }

    private static async Task<ModelVersion> RegisterAsync(
        ModelVersion parent,
        OptimizedModel variant,
        AccuracyDeltaDto? delta,
        string? description,
        IModelRegistryStore registry,
        IRunStore runs,
        IArtifactStore artifacts,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var runId = parent.RunId is { Length: > 0 } id
            ? id
            : throw CrucibleException.Invalid($"Model version {parent.Name}/{parent.Version} has no source run; variants are stored in their parent's run.");
        var source = $"{ModelSource.RunsScheme}{runId}/optimized/{parent.Version}-{variant.Transform.Name()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var folder = await ModelSource.ResolveAsync(source, runs, cancellationToken)
            ?? throw CrucibleException.Invalid($"The source run '{runId}' of {parent.Name}/{parent.Version} keeps its artifacts outside this server's store; variants are stored in their parent's run.");
        await ModelPackageWriter.WriteAsync(artifacts, folder, source, variant.Bytes, runId, time, cancellationToken);
        List<Tag> tags =
        [
            new(OptimizedFromTag, $"{parent.Name}/{parent.Version}"),
            new(TransformTag, variant.Transform.Name()),
            new(SettingsTag, JsonSerializer.Serialize(new Dictionary<string, string>(variant.Settings), Json.DictionaryStringString)),
            new(SizeTag, variant.Bytes.LongLength.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        if (delta is not null)
        {
            tags.Add(new Tag(DeltaTag, JsonSerializer.Serialize(delta, Json.AccuracyDeltaDto)));
        }

        var text = description ?? $"{variant.Transform.Name()} variant of {parent.Name}/{parent.Version}";
        return await ModelRegistration.RegisterAsync(new CreateModelVersionRequest(parent.Name, source, runId, tags, null, text, null), registry, runs, artifacts, cancellationToken);
    }

    private static async Task<JsonOk<ModelVariantsDto>> VariantsAsync(HttpContext http, IModelRegistryStore registry, string name, string version)
    {
        var cancellationToken = http.RequestAborted;
        var parent = await registry.GetModelVersionAsync(name, version, cancellationToken);
        var key = $"{parent.Name}/{parent.Version}";
        var variants = new List<ModelVariantDto>();
        if (parent.RunId is { Length: > 0 } runId && runId.All(char.IsAsciiLetterOrDigit))
        {
            string? token = null;
            do
            {
                var page = await registry.SearchModelVersionsAsync(new RegistrySearchQuery($"run_id = '{runId}'", 1000, [], token), cancellationToken);
                variants.AddRange(page.Items
                    .Where(v => v.Name == parent.Name && Tag(v, OptimizedFromTag) == key)
                    .Select(ToVariant));
                token = page.NextPageToken;
            }
            while (token is not null);
        }

        var package = await registry.GetPackageAsync(parent.Name, parent.Version, cancellationToken);
        return JsonOk.Of(new ModelVariantsDto(parent.Name, parent.Version, ModelBytes(package), [.. variants.OrderBy(v => long.TryParse(v.Version, out var n) ? n : long.MaxValue)]), Json.ModelVariantsDto);
    }

    private static ModelVariantDto ToVariant(ModelVersion v) => new(
        v.Version,
        Tag(v, TransformTag) ?? "unknown",
        Tag(v, SettingsTag) is { } settings ? JsonSerializer.Deserialize(settings, Json.DictionaryStringString) : null,
        long.TryParse(Tag(v, SizeTag), System.Globalization.CultureInfo.InvariantCulture, out var size) ? size : null,
        Tag(v, DeltaTag) is { } delta ? JsonSerializer.Deserialize(delta, Json.AccuracyDeltaDto) : null);

    private static long? ModelBytes(ModelPackageRecord? package) =>
        package?.Files.FirstOrDefault(f => f.Path == ModelPackageWriter.ModelFileName)?.Size;

    private static string? Tag(ModelVersion version, string key) => version.Tags.FirstOrDefault(t => t.Key == key)?.Value;

    private static string DatasetName(string? name) =>
        name is null ? "dataset"
        : name.Length is > 0 and <= MaxDatasetNameLength ? name
        : throw CrucibleException.Invalid($"Invalid dataset_name: use 1 to {MaxDatasetNameLength} characters.");
}
