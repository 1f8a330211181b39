using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Hosting;
using Crucible.Server.Security;
using Crucible.Server.Security.Workspaces;
using Grpc.Core;

namespace Crucible.Server.Serving.Grpc;

/// <summary>
/// Authorization of a gRPC inference call once its message is read (<see cref="AccessPolicy.AddressedInMessage"/>):
/// the same decisions as for the REST routes, on the deployment the message names. A serving-only token may call its
/// own deployment only (<see cref="AuthorizationGuard.ServingTokenRefusal"/>); anyone else needs a viewer's role on the
/// deployment's workspace (<see cref="ResourceAccess"/>). Authentication itself was checked before the call.
/// </summary>
internal sealed class GrpcInferenceAccess(ResourceAccess resources, ServerOptions options)
{
    /// <summary>Checks the caller against <c>deployment</c>, the one the message names (null: a call about the server, its metadata).</summary>
    public async ValueTask CheckAsync(ServerCallContext context, string? deployment)
    {
        var http = context.GetHttpContext();
        var caller = http.GetCaller();
        if (caller.Kind == CallerKind.ServingToken || caller.ServingDeployment is not null)
        {
            if (AuthorizationGuard.ServingTokenRefusal(caller, Access.Inference, deployment ?? options.ServeDeployment) is { } refusal)
            {
                throw new CrucibleException(ErrorCode.PermissionDenied, refusal);
            }

            return;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (deployment is not null)
        {
            fields["name"] = deployment;
        }

        await resources.CheckAsync(http, AccessPolicies.InferenceGrpc, Access.Inference, "gRPC " + context.Method, fields, context.CancellationToken);
    }
}
