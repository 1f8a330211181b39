using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints;

/// <summary><c>/health</c> and <c>/version</c>, answered as MLflow answers them (plain text).</summary>
internal static class SystemEndpoints
{
    public static string Version { get; } =
        typeof(SystemEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";

    public static void MapSystem(this IEndpointRouteBuilder app)
    {
        app = app.MapGroup(string.Empty).RequireAccess(AccessPolicies.Public);
        app.MapGet("/health", () => TypedResults.Text("OK")).Plain("Health", "Liveness: answers OK").ProducesText("text/plain");
        app.MapGet("/version", () => TypedResults.Text(Version)).Plain("Version", "The server's version").ProducesText("text/plain");
    }
}
