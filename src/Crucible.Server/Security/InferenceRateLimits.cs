using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Errors;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// Per-caller inference rate limits (issue 15, item 7) with ASP.NET Core's rate limiter: a token bucket per deployment
/// and caller (its token id, else its name; an anonymous caller, or every caller while auth is off, by remote address), refilled every second. A refused
/// call is a 429 <c>REQUEST_LIMIT_EXCEEDED</c> in the family's format with <c>Retry-After</c>, counted as
/// <c>crucible_serving_rate_limited_total</c>. Wired only when a limit is set, so serving without limits runs no
/// limiter code at all.
/// </summary>
internal static class InferenceRateLimits
{
    public static void AddInferenceRateLimits(this IServiceCollection services, ServerOptions options)
    {
        if (options.Exposure.InferenceRateLimit is not { } limit)
        {
            return;
        }

        services.AddSingleton<RateLimitCounter>();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Deployment(http.Request.Path) is { } deployment
                ? RateLimitPartition.GetTokenBucketLimiter(deployment + "\n" + Client(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limit.Burst,
                    TokensPerPeriod = limit.PerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                context.HttpContext.RequestServices.GetRequiredService<RateLimitCounter>().Add(Deployment(context.HttpContext.Request.Path) ?? string.Empty);
                await ApiErrors.WriteAsync(
                    context.HttpContext,
                    ErrorCode.RequestLimitExceeded,
                    $"Rate limit exceeded: at most {limit.PerSecond} inference request(s) per second (bursts of {limit.Burst}) per caller and deployment; retry after {seconds} s.",
                    retryAfterSeconds: seconds);
            };
        });
    }

    public static void UseInferenceRateLimits(this IApplicationBuilder app, ServerOptions options)
    {
        if (options.Exposure.InferenceRateLimit is not null)
        {
            app.UseRateLimiter();
        }
    }

    /// <summary>The deployment an inference path calls, or null for any other path (not limited).</summary>
    internal static string? Deployment(PathString path)
    {
        var text = path.Value ?? string.Empty;
        if (text == "/invocations")
        {
            return "/invocations";
        }

        var parts = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["deployments", var name, "invocations"] => name,
            ["v2", "models", var name, "infer"] => name,
            ["v2", "models", var name, "versions", _, "infer"] => name,
            _ => null,
        };
    }

    /// <summary>Who is counted: the token, else the caller's name, else (anonymous) the remote address.</summary>
    private static string Client(HttpContext http)
    {
        var caller = http.GetCaller();
        return caller.TokenId is { } token ? "token:" + token
            : caller.Kind is not (CallerKind.Anonymous or CallerKind.System) ? "caller:" + caller.Name
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    /// <summary>The <c>crucible.serving.rate_limited</c> counter, by deployment.</summary>
    internal sealed class RateLimitCounter(IMeterFactory meters)
    {
        private readonly Counter<long> _refused = meters.Create(Crucible.Serving.Metrics.ServingMetrics.MeterName)
            .CreateCounter<long>("crucible.serving.rate_limited", "{request}", "Inference requests refused by a rate limit (429).");

        public void Add(string deployment) => _refused.Add(1, new KeyValuePair<string, object?>("deployment", deployment));
    }
}
