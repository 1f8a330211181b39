using System.Globalization;
using Crucible.Contracts.Datasets;
using Crucible.Core.Artifacts;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Redaction;
using Crucible.DataQuality.Registration;
using Crucible.DataQuality.Serialization;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// Data checks, PII scan and redaction of a registered dataset version. Each fetches the version's file to a
/// temporary path (verified against its SHA-256, so a changed file is <c>DataLoss</c>) and runs the same library
/// code as <c>crucible data check | scan-pii | redact</c>; the answers are those commands' <c>--json</c> documents.
/// </summary>
internal static class DatasetQualityEndpoints
{
    private static DatasetsJsonContext Json => DatasetsJsonContext.Default;

    private static DataQualityJsonContext Quality => DataQualityJsonContext.Default;

    public static void MapDatasetQuality(this IEndpointRouteBuilder api)
    {
        api.MapPost("datasets/{name}/versions/{version}/checks", ChecksAsync).Native("CheckDatasetVersion", "Run data checks on a dataset version").Body<DatasetChecksRequest>().ReadsOnly();
        api.MapGet("datasets/{name}/versions/{version}/pii", PiiAsync).Native("ScanDatasetVersionPii", "Scan a dataset version's columns for personal data");
        api.MapPost("datasets/{name}/versions/{version}/redact", RedactAsync).Native("RedactDatasetVersion", "Register a redacted copy of a dataset version").Body<RedactDatasetRequest>().ReadsOnly();
    }

    private static async Task<JsonOk<CheckReport>> ChecksAsync(HttpContext http, IDatasetStore store, IArtifactStore artifacts, string name, string version)
    {
        var cancellationToken = http.RequestAborted;
        var found = await store.GetVersionAsync(DatasetLimits.Name(name), DatasetLimits.Version(version), cancellationToken);
        var request = await MlflowRequest.ReadAsync(http, Json.DatasetChecksRequest);
        var options = CheckConditions.Apply(new CheckOptions { Label = request.Label }, request.Conditions ?? []);
        var referenceName = request.Reference is { } text ? DatasetLimits.Reference(text) : null;
        var reference = referenceName is null ? null : await store.GetVersionAsync(referenceName.Name, referenceName.Version, cancellationToken);

        using var file = await DatasetFiles.FetchAsync(artifacts, found, cancellationToken);
        using var referenceFile = reference is null ? null : await DatasetFiles.FetchAsync(artifacts, reference, cancellationToken);
        var report = await Task.Run(() => DataChecker.Run(file.Path, options with { Reference = referenceFile?.Path }), cancellationToken);
        report = report with { Profile = report.Profile with { Source = Label(found) }, Reference = reference is null ? null : Label(reference) };
        return JsonOk.Of(report, Quality.CheckReport);
    }

    private static async Task<JsonOk<PiiColumnResult[]>> PiiAsync(HttpContext http, IDatasetStore store, IArtifactStore artifacts, string name, string version)
    {
        var cancellationToken = http.RequestAborted;
        var found = await store.GetVersionAsync(DatasetLimits.Name(name), DatasetLimits.Version(version), cancellationToken);
        var threshold = Threshold(http.Request.Query["threshold"].FirstOrDefault());
        using var file = await DatasetFiles.FetchAsync(artifacts, found, cancellationToken);
        var results = await Task.Run(() => PiiScanner.Scan(file.Path, new PiiOptions { Threshold = threshold }), cancellationToken);
        return JsonOk.Of([.. results], Quality.PiiColumnResultArray);
    }

    /// <summary>
    /// Streams the version through the redactor into a new version (of the same dataset, or <c>target</c>) whose
    /// parent is the source version and whose transform says which method hit which columns; the salt is never stored.
    /// Any failure happens before the new file is stored, so nothing is half-registered.
    /// </summary>
    private static async Task<JsonOk<RedactDatasetResponse>> RedactAsync(
        HttpContext http, IDatasetStore datasets, Core.Security.IWorkspaceStore workspaces, IArtifactStore artifacts, TimeProvider time, string name, string version)
    {
        // The copy goes to the source's workspace (authorization located the source and set it as the target).
        var store = new WorkspaceDatasets(datasets, workspaces, Security.Workspaces.TargetWorkspaceAccess.TargetWorkspace(http));
        var cancellationToken = http.RequestAborted;
        var found = await store.GetVersionAsync(DatasetLimits.Name(name), DatasetLimits.Version(version), cancellationToken);
        var request = await MlflowRequest.ReadAsync(http, Json.RedactDatasetRequest);
        var method = RedactionPlan.Method(request.Method);
        var target = request.Target is null ? found.Name : DatasetLimits.Name(request.Target);
        var threshold = request.Threshold ?? PiiOptions.DefaultThreshold;
        if (method == RedactionAction.Hash && string.IsNullOrEmpty(request.Salt))
        {
            throw CrucibleException.Invalid("Method 'hash' needs a 'salt': without one, hashes of names or numbers can be reversed by trying candidates.");
        }

        if (request.Columns is { Count: 0 })
        {
            throw CrucibleException.Invalid("'columns' is empty: name the columns to redact, or leave it out to redact the columns a PII scan flags.");
        }

        using var source = await DatasetFiles.FetchAsync(artifacts, found, cancellationToken);
        var columns = request.Columns ?? await Task.Run(() => PiiScanner.FlaggedColumns(source.Path, new PiiOptions { Threshold = threshold }), cancellationToken);
        using var output = DatasetFiles.Temp("csv");
        var done = await Task.Run(() => Redactor.Apply(source.Path, output.Path, RedactionPlan.Of(method, columns, request.Salt), time), cancellationToken);
        var transform = done.Describe() + (request.Columns is null
            ? string.Create(CultureInfo.InvariantCulture, $" (columns a PII scan flagged at threshold {threshold})")
            : string.Empty);
        var provenance = new DatasetProvenance(
            request.Owner ?? found.Provenance.Owner,
            request.License ?? found.Provenance.License,
            request.Description ?? $"{Label(found)} with PII columns redacted",
            [new DatasetParent(found.Name, found.Version)],
            transform);
        var file = new DatasetFile(output.Path, "csv", done.OutputSha256, new FileInfo(output.Path).Length);
        var registration = await DatasetFiles.RegisterAsync(store, artifacts, file, target, found.SourceUri, provenance, cancellationToken);
        return JsonOk.Of(
            new RedactDatasetResponse(DatasetsEndpoints.ToDto(registration.Version, full: true), registration.Created, method.ToString().ToLowerInvariant(), [.. done.Columns.Select(c => c.Column)]),
            Json.RedactDatasetResponse);
    }

    private static double Threshold(string? text)
    {
        if (text is null)
        {
            return PiiOptions.DefaultThreshold;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 1
            ? value
            : throw CrucibleException.Invalid($"Invalid threshold '{text}': use a number in (0, 1].");
    }

    private static string Label(DatasetVersion version) => new DatasetParent(version.Name, version.Version).ToString();
}
