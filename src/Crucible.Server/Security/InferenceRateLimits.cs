using System.Diagnostics.Metrics;
using Crucible.Core.Errors;
using Crucible.Server.Errors;
using Crucible.Server.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace Crucible.Server.Security;

/// <summary>
/// Inference rate limits and quotas (issue 15, item 7) with ASP.NET Core's rate limiter, whose global limiter is
/// <see cref="InferenceLimiter"/>: the server-wide <c>--inference-rate-limit</c> and each deployment's own limits. A
/// refused call is a 429 <c>REQUEST_LIMIT_EXCEEDED</c> in the family's format with <c>Retry-After</c>, counted as
/// <c>crucible_serving_rate_limited_total{deployment, reason}</c>. Requests to other paths pass without a lookup.
/// </summary>
internal static class InferenceRateLimits
{
    public static void AddInferenceRateLimits(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton<RateLimitCounter>();
        services.AddSingleton(_ => new InferenceLimiter(options.Exposure.InferenceRateLimit, options.ServeDeployment));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<InferenceLimiter>((o, limiter) =>
        {
            o.GlobalLimiter = limiter;
            o.OnRejected = async (context, cancellationToken) =>
            {
                // The only global limiter is InferenceLimiter, and every lease it refuses carries its refusal.
                var refused = Refuse(context.HttpContext, InferenceLimiter.RefusalOf(context.Lease)!);
                await ApiErrors.WriteAsync(context.HttpContext, refused.Code, refused.Message, retryAfterSeconds: (int)refused.RetryAfter!.Value.TotalSeconds);
            };
        });
    }

    public static void UseInferenceRateLimits(this IApplicationBuilder app, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        app.UseRateLimiter();
    }

    /// <summary>Counts a refused call and describes it: 429 <c>REQUEST_LIMIT_EXCEEDED</c>, retry after whole seconds (at least 1).</summary>
    internal static CrucibleException Refuse(HttpContext context, InferenceLimiter.Refusal refusal)
    {
        var seconds = (int)Math.Clamp(Math.Ceiling(refusal.RetryAfter.TotalSeconds), 1, int.MaxValue);
        context.RequestServices.GetRequiredService<RateLimitCounter>().Add(refusal.Deployment, refusal.Reason);
        return new CrucibleException(ErrorCode.RequestLimitExceeded, $"Rate limit exceeded: {refusal.Message}; retry after {seconds} s.")
        {
            RetryAfter = TimeSpan.FromSeconds(seconds),
        };
    }

    /// <summary>The <c>crucible.serving.rate_limited</c> counter, by deployment and the limit that refused (<see cref="InferenceLimiter"/>'s reasons).</summary>
    internal sealed class RateLimitCounter(IMeterFactory meters)
    {
        private readonly Counter<long> _refused = meters.Create(Crucible.Serving.Metrics.ServingMetrics.MeterName)
            .CreateCounter<long>("crucible.serving.rate_limited", "{request}", "Inference requests refused by a rate limit or quota (429).");

        public void Add(string deployment, string reason) =>
            _refused.Add(1, new KeyValuePair<string, object?>("deployment", deployment), new KeyValuePair<string, object?>("reason", reason));
    }
}
