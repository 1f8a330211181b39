using System.Threading.RateLimiting;
using Crucible.Core.Security;
using Crucible.Core.Serving;
using Crucible.Server.Hosting;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// The global limiter ASP.NET Core's rate-limiting middleware asks for every request (issue 15, item 7). Only
/// inference paths are limited: first the server-wide <c>--inference-rate-limit</c> per caller and deployment, then
/// the deployment's own limits from its stored exposure controls: <c>total_rate_limit</c> (all callers together),
/// <c>rate_limit</c> and <c>quota</c> per caller. Each is a partitioned limiter of System.Threading.RateLimiting keyed
/// by deployment, caller and the limit itself, so a changed limit starts fresh buckets and idle ones are dropped.
/// A refusal names its <see cref="Refusal.Reason"/> for the 429 and the metric. Buckets and quota windows live in
/// this process: each replica counts its own callers.
/// </summary>
internal sealed class InferenceLimiter : PartitionedRateLimiter<HttpContext>
{
    public const string ServerRate = "server_rate";
    public const string CallerRate = "caller_rate";
    public const string TotalRate = "total_rate";
    public const string Quota = "quota";

    private static readonly RateLimitLease Allowed = new Lease(true, null, TimeSpan.Zero);

    private readonly InferenceRateLimit? _serverWide;
    private readonly string? _defaultDeployment;
    private readonly PartitionedRateLimiter<LimitKey> _buckets;
    private readonly PartitionedRateLimiter<LimitKey> _windows;

    public InferenceLimiter(InferenceRateLimit? serverWide, string? defaultDeployment)
    {
        _serverWide = serverWide;
        _defaultDeployment = defaultDeployment;
        _buckets = PartitionedRateLimiter.Create<LimitKey, LimitKey>(key => RateLimitPartition.GetTokenBucketLimiter(key, k => Bucket(k.Rate!)));
        _windows = PartitionedRateLimiter.Create<LimitKey, LimitKey>(key => RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = checked((int)k.Quota!.Requests),
            Window = k.Quota.Period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>A refused request: which limit, how long to wait, and the limit's own words for the 429.</summary>
    internal sealed record Refusal(string Deployment, string Reason, TimeSpan RetryAfter, string Message);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Deployment(resource.Request.Path) is { } deployment && Check(resource, deployment, permitCount) is { } refusal
            ? new Lease(false, refusal, refusal.RetryAfter)
            : Allowed;

    /// <summary>
    /// Takes one call on <paramref name="deployment"/> from every limit that applies, or names the one that refuses
    /// it. The middleware asks it for paths that name their deployment; the gRPC service, for the message's.
    /// </summary>
    internal Refusal? Check(HttpContext resource, string deployment, int permitCount = 1)
    {
        var exposure = resource.RequestServices.GetService<DeploymentTable>()?.Get(deployment)?.Definition.Exposure;
        if (_serverWide is null && exposure is not { HasLimits: true })
        {
            return null;
        }

        var caller = Client(resource);
        var held = new List<RateLimitLease>(4);
        var refusal = Take(held, _serverWide is { } server ? new LimitKey(deployment, caller, new RequestRate(server.PerSecond, server.Burst), null, ServerRate) : null, deployment, permitCount)
            ?? Take(held, exposure?.TotalRate is { } total ? new LimitKey(deployment, string.Empty, total, null, TotalRate) : null, deployment, permitCount)
            ?? Take(held, exposure?.CallerRate is { } rate ? new LimitKey(deployment, caller, rate, null, CallerRate) : null, deployment, permitCount)
            // The quota last: a request another limit refuses must not use up the caller's quota.
            ?? Take(held, exposure?.CallerQuota is { } quota ? new LimitKey(deployment, caller, null, quota, Quota) : null, deployment, permitCount);
        foreach (var lease in held)
        {
            lease.Dispose();
        }

        return refusal;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buckets.Dispose();
            _windows.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The deployment an inference path calls, or null for any other path (not limited).</summary>
    internal string? Deployment(PathString path)
    {
        var text = path.Value;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text == "/invocations")
        {
            return _defaultDeployment ?? "/invocations";
        }

        // Without splitting the path: this runs for every inference request.
        const string Oip = "/v2/models/";
        const string Scoring = "/deployments/";
        if (text.StartsWith(Oip, StringComparison.Ordinal))
        {
            var rest = text.AsSpan(Oip.Length);
            var slash = rest.IndexOf('/');
            if (slash <= 0)
            {
                return null;
            }

            var tail = rest[slash..];
            var pinned = tail.StartsWith("/versions/") && tail[1..].Count('/') == 2 && tail.EndsWith("/infer") && tail.Length > "/versions//infer".Length;
            return tail.SequenceEqual("/infer") || pinned ? rest[..slash].ToString() : null;
        }

        if (text.StartsWith(Scoring, StringComparison.Ordinal))
        {
            var rest = text.AsSpan(Scoring.Length);
            var slash = rest.IndexOf('/');
            return slash > 0 && rest[slash..].SequenceEqual("/invocations") ? rest[..slash].ToString() : null;
        }

        return null;
    }

    /// <summary>Who is counted: the token, else the caller's name, else (anonymous, or auth off) the remote address.</summary>
    internal static string Client(HttpContext http)
    {
        var caller = http.GetCaller();
        return caller.TokenId is { } token ? "token:" + token
            : caller.Kind is not (CallerKind.Anonymous or CallerKind.System) ? "caller:" + caller.Name
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static TokenBucketRateLimiterOptions Bucket(RequestRate rate) => new()
    {
        TokenLimit = rate.Burst,
        // One token every 1/rate seconds: fractional rates (0.5 per second) need no rounding.
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromTicks(Math.Max(1, (long)Math.Round(TimeSpan.TicksPerSecond / rate.PerSecond))),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private Refusal? Take(List<RateLimitLease> held, LimitKey? key, string deployment, int permitCount)
    {
        if (key is null)
        {
            return null;
        }

        var lease = (key.Quota is null ? _buckets : _windows).AttemptAcquire(key, permitCount);
        if (lease.IsAcquired)
        {
            held.Add(lease);
            return null;
        }

        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        lease.Dispose();
        return new Refusal(deployment, key.Reason, retry, Describe(key));
    }

    private static string Describe(LimitKey key) => key.Reason switch
    {
        ServerRate => $"at most {key.Rate!.PerSecond} inference request(s) per second (bursts of {key.Rate.Burst}) per caller and deployment",
        TotalRate => $"deployment '{key.Deployment}' takes at most {key.Rate!.PerSecond} request(s) per second (bursts of {key.Rate.Burst}) from all callers together",
        CallerRate => $"deployment '{key.Deployment}' takes at most {key.Rate!.PerSecond} request(s) per second (bursts of {key.Rate.Burst}) per caller",
        _ => $"deployment '{key.Deployment}' takes at most {key.Quota!.Requests} request(s) per caller every {key.Quota.Period.TotalSeconds} s, and this caller's quota is used up",
    };

    /// <summary>One bucket or window: a deployment, a caller ("" for all together) and the limit it enforces.</summary>
    private sealed record LimitKey(string Deployment, string Client, RequestRate? Rate, RequestQuota? Quota, string Reason);

    private sealed class Lease(bool acquired, Refusal? refusal, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public Refusal? Refusal => refusal;

        public override IEnumerable<string> MetadataNames => acquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (!acquired && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }

            metadata = null;
            return false;
        }
    }

    /// <summary>The refusal behind a lease this limiter returned, or null.</summary>
    internal static Refusal? RefusalOf(RateLimitLease lease) => (lease as Lease)?.Refusal;
}
