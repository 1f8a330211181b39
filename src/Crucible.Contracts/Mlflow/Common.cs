namespace Crucible.Contracts.Mlflow;

/// <summary>A key/value pair (MLflow's tags, params and dataset input tags share this shape).</summary>
public sealed record KeyValue(string? Key, string? Value);

/// <summary>MLflow's error body: <c>{"error_code": "...", "message": "..."}</c>.</summary>
public sealed record ErrorResponse(string ErrorCode, string Message);

/// <summary>The empty response <c>{}</c>.</summary>
public sealed record Empty
{
    public static Empty Instance { get; } = new();
}
