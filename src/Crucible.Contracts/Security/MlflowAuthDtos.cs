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
/// are always present: the user's experiment and registered-model grants, and no scorer grant (Crucible has no scorers).
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

/// <summary>
/// The body (or, for <c>get</c>, the query) of MLflow's permission calls: <c>experiments/permissions/*</c> name
/// <see cref="ExperimentId"/>, <c>registered-models/permissions/*</c> <see cref="Name"/>; create and update carry
/// <see cref="Permission"/> (READ, EDIT, MANAGE, NO_PERMISSIONS).
/// </summary>
public sealed record MlflowPermissionRequest
{
    public string? ExperimentId { get; init; }

    public string? Name { get; init; }

    public string? Username { get; init; }

    public string? Permission { get; init; }
}

/// <summary>MLflow's answer to <c>experiments/permissions/create</c> and <c>get</c>.</summary>
public sealed record MlflowExperimentPermissionResponse(MlflowPermissionDto ExperimentPermission);

/// <summary>MLflow's answer to <c>registered-models/permissions/create</c> and <c>get</c>.</summary>
public sealed record MlflowRegisteredModelPermissionResponse(MlflowPermissionDto RegisteredModelPermission);

/// <summary>MLflow answers its update and delete calls with an empty object (never 204, which its client reads as an error).</summary>
public sealed record MlflowEmptyResponse;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MlflowUserRequest))]
[JsonSerializable(typeof(MlflowUserResponse))]
[JsonSerializable(typeof(MlflowEmptyResponse))]
[JsonSerializable(typeof(MlflowPermissionRequest))]
[JsonSerializable(typeof(MlflowExperimentPermissionResponse))]
[JsonSerializable(typeof(MlflowRegisteredModelPermissionResponse))]
public sealed partial class MlflowAuthJsonContext : JsonSerializerContext;
