namespace Crucible.Contracts.Serving;

/// <summary>A model version (<c>version</c>) or alias (<c>alias</c>) of a registered model; exactly one of the two.</summary>
public sealed record ModelRefDto(string Model, string? Version = null, string? Alias = null);

/// <summary>A route: the model it sends to and its traffic weight (share = weight / sum of weights; default 100).</summary>
public sealed record DeploymentRouteDto(string Model, string? Version = null, string? Alias = null, int? Weight = null);

/// <summary>Dynamic batching: <c>max_batch_size</c> rows per ONNX Runtime run (1 = off), <c>max_delay_ms</c> to wait for more.</summary>
public sealed record BatchingDto(int MaxBatchSize, double MaxDelayMs);

/// <summary>The body of create (POST /api/crucible/v1/deployments) and replace (PUT .../deployments/{name}).</summary>
public sealed record DeploymentRequest(
    string? Name,
    IReadOnlyList<DeploymentRouteDto>? Routes,
    ModelRefDto? Shadow = null,
    BatchingDto? Batching = null,
    string? Description = null,
    bool? Capture = null)
{
    /// <summary>Replace only: refuse (409) when the deployment's revision is no longer this one.</summary>
    public long? ExpectedRevision { get; init; }

    /// <summary>Output controls and request limits; absent on create: none, absent on replace: kept as they are.</summary>
    public ExposureDto? Exposure { get; init; }
}

/// <summary>How one route (or the shadow) resolved on this replica: the version an alias points to, and whether it is loaded.</summary>
public sealed record RouteStatusDto(string Model, string? Version, string? Alias, int Weight, string? ResolvedVersion, string State, string? Error)
{
    /// <summary>True for the shadow's entry (it gets a copy of the traffic; its answers are never returned).</summary>
    public bool? Shadow { get; init; }
}

/// <summary>A deployment as stored, with its serving status on the answering replica and its endpoints.</summary>
public sealed record DeploymentDto(
    string Name,
    IReadOnlyList<DeploymentRouteDto> Routes,
    ModelRefDto? Shadow,
    BatchingDto Batching,
    string? Description,
    bool Capture,
    long Revision,
    long CreationTimestamp,
    long LastUpdatedTimestamp)
{
    /// <summary>Per route, then the shadow (<c>weight</c> 0): resolved version and state (<c>ready</c>, <c>loading</c>, <c>failed</c>).</summary>
    public IReadOnlyList<RouteStatusDto>? Status { get; init; }

    /// <summary>Paths that serve this deployment: OIP infer and MLflow scoring.</summary>
    public IReadOnlyDictionary<string, string>? Endpoints { get; init; }

    /// <summary>Its output controls and request limits (always present in answers; <c>{"output": {"mode": "full"}}</c> when open).</summary>
    public ExposureDto? Exposure { get; init; }
}

public sealed record DeploymentResponse(DeploymentDto Deployment);

public sealed record DeploymentsResponse(IReadOnlyList<DeploymentDto> Deployments);

/// <summary>A captured prediction; inputs and outputs are OIP-style tensors by name.</summary>
public sealed record PredictionDto(
    string RequestId,
    string Model,
    string Version,
    long Timestamp,
    System.Text.Json.JsonElement Inputs,
    System.Text.Json.JsonElement? Outputs,
    double LatencyMs,
    bool Shadow,
    string? Error);

public sealed record PredictionsResponse(IReadOnlyList<PredictionDto> Predictions, string? NextPageToken);
