namespace Crucible.Server.Security;

/// <summary>
/// Endpoint metadata for a request that changes nothing although its method is not GET or HEAD (MLflow's
/// <c>runs/search</c>, inference calls): authorization asks only read rights of it and the audit trail skips it.
/// </summary>
public sealed class ReadsOnlyMetadata
{
    public static ReadsOnlyMetadata Instance { get; } = new();

    private ReadsOnlyMetadata()
    {
    }
}

public static class ReadsOnlyExtensions
{
    /// <summary>Marks the route(s) as changing nothing; see <see cref="ReadsOnlyMetadata"/>.</summary>
    public static TBuilder ReadsOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ReadsOnlyMetadata.Instance);

    /// <summary>True when the request cannot change state: GET, HEAD, OPTIONS, or an endpoint marked <see cref="ReadsOnly{TBuilder}"/>.</summary>
    public static bool IsReadOnly(this HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
        || context.GetEndpoint()?.Metadata.GetMetadata<ReadsOnlyMetadata>() is not null;
}
