using System.Text.Json.Serialization;

namespace Crucible.Contracts.Monitoring;

/// <summary>One label of <c>POST /api/crucible/v1/deployments/{name}/labels</c>: the served request's id and its true value.</summary>
public sealed record LabelDto
{
    public string? RequestId { get; init; }

    /// <summary>0 or 1 for a binary classifier, the target for a regressor.</summary>
    public double? Label { get; init; }
}

/// <summary>The body of <c>POST /api/crucible/v1/deployments/{name}/labels</c>.</summary>
public sealed record LabelsRequest
{
    public IReadOnlyList<LabelDto?>? Labels { get; init; }
}

/// <summary>Labels written, and how many of them name a request the deployment has not (yet) logged.</summary>
public sealed record LabelsResponse(int Stored, int Unmatched);

/// <summary>A metric of one window; <see cref="Value"/> and <see cref="SamplingError"/> are null where undefined.</summary>
public sealed record PerformanceMetricDto(string Metric, double? Value, double? SamplingError, double? LowerThreshold, double? UpperThreshold, bool Alert);

/// <summary>One window: realized metrics from its labelled rows, CBPE estimates from all its rows.</summary>
public sealed record PerformanceWindowDto(
    long StartMs, long EndMs, long Rows, long LabelledRows, IReadOnlyList<PerformanceMetricDto> Realized, IReadOnlyList<PerformanceMetricDto> Estimated);

/// <summary>A metric's band over the reference chunks.</summary>
public sealed record PerformanceBandDto(string Metric, double Mean, double Std, double? LowerThreshold, double? UpperThreshold);

/// <summary>The reference the estimates and thresholds were fitted on.</summary>
public sealed record PerformanceReferenceDto(long StartMs, long EndMs, long Rows, long LabelledRows, bool Calibrated, int Chunks, IReadOnlyList<PerformanceBandDto> Bands);

/// <summary>The answer of <c>GET /api/crucible/v1/deployments/{name}/performance</c>.</summary>
public sealed record PerformanceResponse(
    string Deployment,
    string Task,
    string? ScoreOutput,
    PerformanceReferenceDto Reference,
    IReadOnlyList<PerformanceWindowDto> Windows,
    long DataQualityIssues,
    IReadOnlyList<string> Notes);

/// <summary>Source-generated JSON for labels and performance: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(LabelsRequest))]
[JsonSerializable(typeof(LabelsResponse))]
[JsonSerializable(typeof(PerformanceResponse))]
public sealed partial class PerformanceJsonContext : JsonSerializerContext;
