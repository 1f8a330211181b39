namespace Crucible.Contracts.Serving;

/// <summary>
/// What inference answers reveal: <c>mode</c> <c>full</c> (default), <c>top_k</c> (with <c>top_k</c>: each row's k
/// largest scores, the rest 0) or <c>label</c> (only non-floating-point outputs); <c>decimals</c> rounds every
/// floating-point value (absent: full precision).
/// </summary>
public sealed record OutputControlsDto(string? Mode = null, int? Decimals = null, int? TopK = null);

/// <summary>A token bucket: <c>burst</c> requests at once (default: <c>per_second</c> rounded up), refilled at <c>per_second</c>.</summary>
public sealed record RateLimitDto(double PerSecond, int? Burst = null);

/// <summary>At most <c>requests</c> per fixed window of <c>period_seconds</c> (86400: a day).</summary>
public sealed record QuotaDto(long Requests, long PeriodSeconds);

/// <summary>
/// A deployment's inference exposure controls: <c>output</c>, and limits per caller (its token, else user, else
/// address): <c>rate_limit</c>, <c>quota</c>; and for all callers together: <c>total_rate_limit</c>. Absent limits are off.
/// </summary>
public sealed record ExposureDto(OutputControlsDto? Output = null, RateLimitDto? RateLimit = null, QuotaDto? Quota = null, RateLimitDto? TotalRateLimit = null);
