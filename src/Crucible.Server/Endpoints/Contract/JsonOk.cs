using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace Crucible.Server.Endpoints.Contract;

/// <summary>
/// A 200 whose JSON body is written by a source-generated <see cref="JsonTypeInfo{T}"/>, exactly as
/// <see cref="TypedResults.Json{TValue}(TValue, JsonTypeInfo{TValue}, string?, int?)"/> writes it (same bytes, same
/// <c>application/json; charset=utf-8</c>), that also declares its response type on the route: a handler returning it
/// cannot leave its answer out of the OpenAPI document.
/// </summary>
internal sealed class JsonOk<T>(T value, JsonTypeInfo<T> typeInfo) : IResult, IStatusCodeHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public T Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Json(value, typeInfo).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), [EndpointDocs.Json]));
    }
}

/// <summary>Creates <see cref="JsonOk{T}"/> with the type inferred from the type info.</summary>
internal static class JsonOk
{
    public static JsonOk<T> Of<T>(T value, JsonTypeInfo<T> typeInfo) => new(value, typeInfo);
}
