namespace Crucible.Core.Serving;

/// <summary>One route of a deployment: a model version (or alias) and its share of the traffic (weight / sum of weights).</summary>
public sealed record DeploymentRoute(ModelReference Target, int Weight);

/// <summary>
/// Dynamic batching: concurrent requests to one version are merged into one ONNX Runtime run of at most
/// <see cref="MaxBatchSize"/> rows, waiting at most <see cref="MaxDelayMs"/> for more. Off by default
/// (<see cref="Off"/>: size 1), as in MLServer and Triton.
/// </summary>
public sealed record BatchingSettings(int MaxBatchSize, double MaxDelayMs)
{
    public static BatchingSettings Off { get; } = new(1, 0);

    public bool Enabled => MaxBatchSize > 1;
}

/// <summary>What a client asks for when it creates or replaces a deployment.</summary>
public sealed record DeploymentSpec(
    string Name,
    IReadOnlyList<DeploymentRoute> Routes,
    ModelReference? Shadow,
    BatchingSettings Batching,
    string? Description = null,
    bool Capture = true)
{
    /// <summary>
    /// Output controls and request limits. Null on create means <see cref="DeploymentExposure.Open"/>; null on an
    /// update keeps what the deployment has, so re-routing never drops a deployment's protection by omission.
    /// </summary>
    public DeploymentExposure? Exposure { get; init; }

    /// <summary>The workspace that owns what is created (ignored when an existing one is replaced or changed).</summary>
    public string Workspace { get; init; } = Security.Caller.DefaultWorkspace;

    /// <summary>Checks names, weights, batching and exposure bounds; throws <c>InvalidParameterValue</c> saying what is wrong.</summary>
    public void Validate() => DeploymentLimits.Validate(this);
}

/// <summary>
/// A stored deployment. <see cref="Revision"/> grows by one with every update, so a serving replica can tell
/// cheaply whether it must reload, and an update can be made conditional on the revision it read.
/// </summary>
public sealed record Deployment(
    string Name,
    IReadOnlyList<DeploymentRoute> Routes,
    ModelReference? Shadow,
    BatchingSettings Batching,
    string? Description,
    bool Capture,
    long Revision,
    long CreationTimestamp,
    long LastUpdatedTimestamp)
{
    /// <summary>What its inference answers reveal and how much each caller may ask (issue 15, item 7).</summary>
    public DeploymentExposure Exposure { get; init; } = DeploymentExposure.Open;

    public DeploymentSpec ToSpec() => new(Name, Routes, Shadow, Batching, Description, Capture) { Exposure = Exposure };
}
