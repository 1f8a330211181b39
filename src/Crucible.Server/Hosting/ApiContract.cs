using Microsoft.OpenApi;
using Scalar.AspNetCore;

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
            return Task.CompletedTask;
        }));

    public static void MapApiContract(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api-reference", options => options
            .WithTitle("Crucible API reference")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts());
    }
}
