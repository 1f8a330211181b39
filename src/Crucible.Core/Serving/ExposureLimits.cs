using Crucible.Core.Errors;

namespace Crucible.Core.Serving;

/// <summary>Bounds on <see cref="DeploymentExposure"/>, checked in one place for the API, the CLI and the store.</summary>
public static class ExposureLimits
{
    public const int MaxDecimals = 15;
    public const int MaxTopK = 1000;
    public const double MaxPerSecond = 1_000_000;
    public const int MaxBurst = 1_000_000;
    public static readonly TimeSpan MinQuotaPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxQuotaPeriod = TimeSpan.FromDays(366);

    /// <summary>Throws <c>InvalidParameterValue</c> naming the field and the allowed range.</summary>
    public static void Validate(string deployment, DeploymentExposure exposure)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        var output = exposure.Output ?? throw Invalid(deployment, "exposure.output is required");
        if (!Enum.IsDefined(output.Mode))
        {
            throw Invalid(deployment, $"unknown output mode {(int)output.Mode}");
        }

        if (output.Decimals is < 0 or > MaxDecimals)
        {
            throw Invalid(deployment, $"output decimals must be 0 to {MaxDecimals}, got {output.Decimals}");
        }

        if (output.Mode == OutputMode.TopK && output.TopK is not (>= 1 and <= MaxTopK))
        {
            throw Invalid(deployment, $"output mode top_k needs top_k from 1 to {MaxTopK}, got {output.TopK?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        }

        if (output.Mode != OutputMode.TopK && output.TopK is not null)
        {
            throw Invalid(deployment, "top_k is only meaningful with output mode top_k");
        }

        if (output.Mode == OutputMode.Label && output.Decimals is not null)
        {
            throw Invalid(deployment, "decimals has no effect with output mode label (no scores are returned)");
        }

        Rate(deployment, "rate_limit", exposure.CallerRate);
        Rate(deployment, "total_rate_limit", exposure.TotalRate);
        if (exposure.CallerQuota is { } quota)
        {
            if (quota.Requests is < 1 or > int.MaxValue)
            {
                throw Invalid(deployment, $"quota requests must be 1 to {int.MaxValue}, got {quota.Requests}");
            }

            if (quota.Period < MinQuotaPeriod || quota.Period > MaxQuotaPeriod)
            {
                throw Invalid(deployment, $"quota period must be {MinQuotaPeriod.TotalSeconds:0} to {MaxQuotaPeriod.TotalSeconds:0} seconds, got {quota.Period.TotalSeconds}");
            }
        }
    }

    private static void Rate(string deployment, string field, RequestRate? rate)
    {
        if (rate is null)
        {
            return;
        }

        if (!(rate.PerSecond > 0) || rate.PerSecond > MaxPerSecond)
        {
            throw Invalid(deployment, $"{field} per_second must be above 0 and at most {MaxPerSecond}, got {rate.PerSecond}");
        }

        if (rate.Burst is < 1 or > MaxBurst)
        {
            throw Invalid(deployment, $"{field} burst must be 1 to {MaxBurst}, got {rate.Burst}");
        }
    }

    private static CrucibleException Invalid(string deployment, string problem) =>
        CrucibleException.Invalid($"Deployment '{deployment}': {problem}.");
}
