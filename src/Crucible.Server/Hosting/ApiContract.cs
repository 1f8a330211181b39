using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Crucible.Server.Security;

namespace Crucible.Server.Hosting;

/// <summary>
/// The published HTTP contract: an OpenAPI document generated from the endpoints' metadata at
/// <c>/openapi/v1.json</c>, and a browsable reference page at <c>/api-reference</c> whose script is served by this
/// host (no network access). The document is committed as <c>docs/api/openapi.v1.json</c> and diffed by a test.
/// </summary>
internal static class ApiContract
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddApiContract(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Crucible",
                Version = Endpoints.SystemEndpoints.Version,
                Description = "MLflow's REST API 2.0 (tracking, registry, artifacts), the Open Inference Protocol v2 and MLflow scoring "
                    + "for deployments, and Crucible's native API under /api/crucible/v1.",
            };
            document.Servers = [];
            TagByFamily(document);
            return Task.CompletedTask;
        }));

    /// <summary>
    /// Tags every operation with its API family instead of the host's application name (which differs between a test
    /// host and <c>crucible server</c>), so the document is the same wherever it is generated.
    /// </summary>
    private static void TagByFamily(OpenApiDocument document)
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document.Paths)
        {
            var family = Family(path);
            used.Add(family);
            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                operation.Tags = new HashSet<OpenApiTagReference> { new(family, document) };
            }
        }

        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag { Name = name }));
    }

    private static string Family(string path) => path switch
    {
        _ when path.StartsWith("/api/2.0/mlflow-artifacts", StringComparison.Ordinal) => "MLflow artifacts",
        _ when path.Contains("/mlflow/registered-models", StringComparison.Ordinal) || path.Contains("/mlflow/model-versions", StringComparison.Ordinal) => "MLflow registry",
        _ when path.StartsWith("/api/2.0/mlflow", StringComparison.Ordinal) || path.StartsWith("/ajax-api/2.0/mlflow", StringComparison.Ordinal) => "MLflow tracking",
        _ when path.StartsWith("/v2", StringComparison.Ordinal) => "Open Inference Protocol v2",
        _ when path.StartsWith("/deployments", StringComparison.Ordinal) || path.StartsWith("/invocations", StringComparison.Ordinal) => "MLflow scoring",
        _ when path.StartsWith("/api/crucible/v1", StringComparison.Ordinal) => "Crucible native API",
        _ => "System",
    };

    public static void MapApiContract(this IEndpointRouteBuilder app)
    {
        app = app.MapGroup(string.Empty).RequireAccess(AccessPolicies.Public);
        // One fixed route: a templated one would answer unknown document names with its own plain-text 404.
        app.MapOpenApi("/openapi/v1.json");
        app.MapScalarApiReference("/api-reference", options => options
            .WithTitle("Crucible API reference")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts());
    }
}
