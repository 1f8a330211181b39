using System.Text.Json.Serialization;

namespace Crucible.Contracts.Security;

/// <summary>
/// The body of MLflow's auth users calls (<c>/api/2.0/mlflow/users/...</c>): <c>create</c> {username, password},
/// <c>update-password</c> {username, password}, <c>update-admin</c> {username, is_admin}, <c>get</c>/<c>delete</c> {username}.
/// </summary>
public sealed record MlflowUserRequest
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    public bool? IsAdmin { get; init; }
}

/// <summary>
/// MLflow's user object. MLflow 3.6's auth client fails when any of the three permission lists is missing, so they
/// are always present; Crucible grants per workspace role, so they list no per-resource grant.
/// </summary>
public sealed record MlflowUser(
    string Id,
    string Username,
    bool IsAdmin,
    IReadOnlyList<MlflowPermissionDto> ExperimentPermissions,
    IReadOnlyList<MlflowPermissionDto> RegisteredModelPermissions,
    IReadOnlyList<MlflowPermissionDto> ScorerPermissions);

/// <summary>A per-resource grant as MLflow writes one (READ, EDIT, MANAGE, NO_PERMISSIONS).</summary>
public sealed record MlflowPermissionDto(string Permission, string? ExperimentId = null, string? Name = null, string? UserId = null);

public sealed record MlflowUserResponse(MlflowUser User);

/// <summary>MLflow answers its update and delete calls with an empty object (never 204, which its client reads as an error).</summary>
public sealed record MlflowEmptyResponse;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MlflowUserRequest))]
[JsonSerializable(typeof(MlflowUserResponse))]
[JsonSerializable(typeof(MlflowEmptyResponse))]
public sealed partial class MlflowAuthJsonContext : JsonSerializerContext;
