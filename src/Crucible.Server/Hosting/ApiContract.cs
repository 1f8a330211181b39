using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Crucible.Contracts.Audit;
using Crucible.Contracts.Datasets;
using Crucible.Contracts.Evaluation;
using Crucible.Contracts.Mlflow;
using Crucible.Contracts.Monitoring;
using Crucible.Contracts.Pipelines;
using Crucible.Contracts.Security;
using Crucible.Contracts.Serving;
using Crucible.DataQuality.Serialization;
using Crucible.Server.Security;
using Microsoft.AspNetCore.OpenApi;
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
        services.ConfigureHttpJsonOptions(options => DescribeWith(options.SerializerOptions))
            .AddOpenApi(DocumentName, options => options.AddOperationTransformer((operation, context, _) =>
            {
                DistinctOperationIds(operation, context.Description);
                QueryParameters(operation, context);
                return Task.CompletedTask;
            }).AddSchemaTransformer((schema, context, _) =>
            {
                RequiredAsRead(schema, context.JsonTypeInfo);
                return Task.CompletedTask;
            }).AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Crucible",
                Version = Endpoints.SystemEndpoints.Version,
                Description = "MLflow's REST API 2.0 (tracking, registry, artifacts), the Open Inference Protocol v2 and MLflow scoring "
                    + $"for deployments, and Crucible's native API under {Endpoints.Native.NativeApi.Root}. MLflow's routes are answered "
                    + "under /ajax-api/2.0 too, as MLflow's UI calls them; that copy is not listed twice.",
            };
            document.Servers = [];
            TagByFamily(document);
            return Task.CompletedTask;
        }));

    /// <summary>
    /// The JSON options the document's schemas are generated from: the Contracts' source-generated contexts first (so
    /// each DTO is described by the metadata that writes it), and their shared rules (snake_case, nulls omitted) for
    /// anything else. Handlers write with their own type info, so these options change no byte on the wire.
    /// </summary>
    private static void DescribeWith(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        IJsonTypeInfoResolver[] contexts =
        [
            MlflowJsonContext.Default, DatasetsJsonContext.Default, EvaluationApiJsonContext.Default, PipelinesJsonContext.Default,
            MonitoringJsonContext.Default, RetentionJsonContext.Default, PerformanceJsonContext.Default, ServingJsonContext.Default,
            InferenceJsonContext.Default, DataQualityJsonContext.Default, AccountsJsonContext.Default, MlflowAuthJsonContext.Default,
            AuditJsonContext.Default,
        ];
        for (var i = 0; i < contexts.Length; i++)
        {
            options.TypeInfoResolverChain.Insert(i, contexts[i]);
        }
    }

    /// <summary>
    /// A property is required only if reading refuses a body without it (<c>required</c> or <c>[JsonRequired]</c>): the
    /// generator would otherwise list every record constructor parameter, and MLflow's messages have no required fields
    /// at the JSON level (the handlers answer a missing one with a 400 naming it).
    /// </summary>
    private static void RequiredAsRead(OpenApiSchema schema, JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || schema.Required is not { Count: > 0 } required)
        {
            return;
        }

        required.IntersectWith(info.Properties.Where(p => p.IsRequired).Select(p => p.Name));
        if (required.Count == 0)
        {
            schema.Required = null;
        }
    }

    /// <summary>
    /// One endpoint answering several methods (MLflow's searches take GET and POST) is one name but several operations:
    /// each gets the method appended, so operation ids stay unique.
    /// </summary>
    private static void DistinctOperationIds(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        var methods = description.ActionDescriptor.EndpointMetadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods;
        if (operation.OperationId is { } id && methods is { Count: > 1 } && description.HttpMethod is { } method)
        {
            operation.OperationId = id + char.ToUpperInvariant(method[0]) + method[1..].ToLowerInvariant();
        }
    }

    /// <summary>
    /// A GET that reads its request message from the query string (<see cref="Endpoints.Contract.QueryMessage"/>) lists the
    /// message's fields as query parameters, typed as the query reader types them (lists repeat the key), and has no body.
    /// </summary>
    private static void QueryParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        if (!HttpMethods.IsGet(description.HttpMethod ?? string.Empty)
            || description.ActionDescriptor.EndpointMetadata.OfType<Endpoints.Contract.QueryMessage>().LastOrDefault() is not { } message)
        {
            return;
        }

        var options = context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        operation.RequestBody = null;
        operation.Parameters ??= [];
        foreach (var property in options.GetTypeInfo(message.Type).Properties)
        {
            operation.Parameters.Add(new OpenApiParameter { Name = property.Name, In = ParameterLocation.Query, Schema = QuerySchema(property.PropertyType) });
        }
    }

    private static OpenApiSchema QuerySchema(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable)))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        return new OpenApiSchema
        {
            Type = type == typeof(bool) ? JsonSchemaType.Boolean
                : type == typeof(int) || type == typeof(long) ? JsonSchemaType.Integer
                : type == typeof(double) || type == typeof(float) ? JsonSchemaType.Number
                : JsonSchemaType.String,
        };
    }

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
        _ when path.StartsWith(Endpoints.Native.NativeApi.Root, StringComparison.Ordinal) => "Crucible native API",
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
