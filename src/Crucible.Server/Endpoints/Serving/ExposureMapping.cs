using Crucible.Contracts.Serving;
using Crucible.Core.Errors;
using Crucible.Core.Serving;

namespace Crucible.Server.Endpoints.Serving;

/// <summary>A deployment's exposure controls between the native API's JSON and the domain; bounds are checked by <see cref="ExposureLimits"/>.</summary>
internal static class ExposureMapping
{
    public static DeploymentExposure? ToDomain(ExposureDto? dto)
    {
        if (dto is null)
        {
            return null;
        }

        var output = dto.Output is { } o
            ? new OutputControls(Mode(o.Mode), o.Decimals, o.TopK)
            : OutputControls.Full;
        return new DeploymentExposure(
            output,
            Rate(dto.RateLimit),
            dto.Quota is { } q ? new RequestQuota(q.Requests, Period(q.PeriodSeconds)) : null,
            Rate(dto.TotalRateLimit));
    }

    public static ExposureDto ToDto(DeploymentExposure exposure) => new(
        new OutputControlsDto(ModeName(exposure.Output.Mode), exposure.Output.Decimals, exposure.Output.TopK),
        exposure.CallerRate is { } rate ? new RateLimitDto(rate.PerSecond, rate.Burst) : null,
        exposure.CallerQuota is { } quota ? new QuotaDto(quota.Requests, (long)quota.Period.TotalSeconds) : null,
        exposure.TotalRate is { } total ? new RateLimitDto(total.PerSecond, total.Burst) : null);

    public static string ModeName(OutputMode mode) => mode switch
    {
        OutputMode.TopK => "top_k",
        OutputMode.Label => "label",
        _ => "full",
    };

    private static OutputMode Mode(string? name) => name switch
    {
        null or "full" => OutputMode.Full,
        "top_k" => OutputMode.TopK,
        "label" => OutputMode.Label,
        _ => throw CrucibleException.Invalid($"Unknown output mode '{name}': use full, top_k or label."),
    };

    private static RequestRate? Rate(RateLimitDto? dto) =>
        dto is null ? null : new RequestRate(dto.PerSecond, dto.Burst ?? (double.IsFinite(dto.PerSecond) && dto.PerSecond is > 0 and <= ExposureLimits.MaxPerSecond ? (int)Math.Ceiling(dto.PerSecond) : 1));

    private static TimeSpan Period(long seconds) =>
        seconds is > 0 and <= 366L * 24 * 3600 ? TimeSpan.FromSeconds(seconds)
        : throw CrucibleException.Invalid($"Quota period_seconds must be 1 to {366L * 24 * 3600}, got {seconds}.");
}
