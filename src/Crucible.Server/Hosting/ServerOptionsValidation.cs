using Crucible.Core.Errors;

namespace Crucible.Server.Hosting;

/// <summary>
/// Checks a <see cref="ServerOptions"/> before anything starts, so that a bad setting is one clear error naming every
/// wrong field instead of a failure at the first request or the first tick of a background loop.
/// </summary>
public static class ServerOptionsValidation
{
    /// <summary>Every problem, one sentence each naming the field; empty when the options are usable.</summary>
    public static IReadOnlyList<string> Problems(this ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Require(bool ok, string field, string rule, object? value)
        {
            if (!ok)
            {
                problems.Add($"{field} must be {rule} (got {value ?? "null"}).");
            }
        }

        Require(!string.IsNullOrWhiteSpace(options.BackendStoreUri), nameof(options.BackendStoreUri), "set", options.BackendStoreUri);
        Require(!string.IsNullOrWhiteSpace(options.ArtifactsDestination), nameof(options.ArtifactsDestination), "set", options.ArtifactsDestination);
        Require(!string.IsNullOrWhiteSpace(options.Host), nameof(options.Host), "set", options.Host);
        Require(options.Port is >= 0 and <= 65535, nameof(options.Port), "between 0 and 65535", options.Port);
        Require(options.MaxJsonBodyBytes > 0, nameof(options.MaxJsonBodyBytes), "positive", options.MaxJsonBodyBytes);
        Require(options.MaxArtifactBytes > 0, nameof(options.MaxArtifactBytes), "positive", options.MaxArtifactBytes);
        Require(options.MaxDatasetBytes is null or > 0, nameof(options.MaxDatasetBytes), "positive when set", options.MaxDatasetBytes);
        Require(options.Exposure.InferenceRateLimit is null or { PerSecond: > 0, Burst: > 0 }, "Exposure.InferenceRateLimit", "positive (per second and burst) when set", options.Exposure.InferenceRateLimit);
        Require(options.CaptureCapacity > 0, nameof(options.CaptureCapacity), "positive", options.CaptureCapacity);
        Require(options.CaptureSampleRate is >= 0 and <= 1, nameof(options.CaptureSampleRate), "between 0 and 1", options.CaptureSampleRate);
        Require(options.DeploymentRefreshInterval > TimeSpan.Zero, nameof(options.DeploymentRefreshInterval), "positive", options.DeploymentRefreshInterval);
        Require(options.PredictionRetentionMaxBytes >= 0, nameof(options.PredictionRetentionMaxBytes), "zero (no bound) or positive", options.PredictionRetentionMaxBytes);
        if (options.Auth is { } auth)
        {
            if (!auth.Enabled && !IsLoopback(options.Host))
            {
                problems.Add($"Auth.Enabled may be false (--no-auth) only on a loopback address; the server binds {options.Host}, reachable from other machines. Keep authentication on, or bind 127.0.0.1.");
            }

            Require(auth.CredentialCacheTtl >= TimeSpan.Zero, "Auth.CredentialCacheTtl", "zero (no cache) or positive", auth.CredentialCacheTtl);
            Require(auth.SessionLifetime > TimeSpan.Zero, "Auth.SessionLifetime", "positive", auth.SessionLifetime);
            Require(auth.LastUseInterval > TimeSpan.Zero, "Auth.LastUseInterval", "positive", auth.LastUseInterval);
            Require(auth.LoginFailuresPerUser >= 0, "Auth.LoginFailuresPerUser", "zero (off) or positive", auth.LoginFailuresPerUser);
            Require(auth.LoginFailuresPerAddress >= 0, "Auth.LoginFailuresPerAddress", "zero (off) or positive", auth.LoginFailuresPerAddress);
            Require(auth.LoginFailureWindow > TimeSpan.Zero, "Auth.LoginFailureWindow", "positive", auth.LoginFailureWindow);
            Require(auth.LoginLockout > TimeSpan.Zero, "Auth.LoginLockout", "positive", auth.LoginLockout);
            Require(auth.LoginLockoutMax >= auth.LoginLockout, "Auth.LoginLockoutMax", "at least Auth.LoginLockout", auth.LoginLockoutMax);
        }
        else
        {
            problems.Add("Auth must be set.");
        }

        foreach (var (field, value) in new[]
        {
            (nameof(options.ProfileFlushInterval), options.ProfileFlushInterval),
            (nameof(options.PredictionRetentionMaxAge), options.PredictionRetentionMaxAge),
            (nameof(options.PredictionCompactionInterval), options.PredictionCompactionInterval),
            (nameof(options.MonitorInterval), options.MonitorInterval),
            (nameof(options.PipelineScheduleInterval), options.PipelineScheduleInterval),
        })
        {
            Require(value >= TimeSpan.Zero, field, "zero (off) or positive", value);
        }

        return problems;
    }

    /// <summary>True for <c>localhost</c> and loopback addresses (127.0.0.0/8, ::1, and their IPv4-mapped forms).</summary>
    public static bool IsLoopback(string host)
    {
        var text = host?.Trim('[', ']') ?? string.Empty;
        return string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(text, out var address) && System.Net.IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
    }

    /// <summary>Throws <c>INVALID_PARAMETER_VALUE</c> listing every problem, when there is any.</summary>
    public static void EnsureValid(this ServerOptions options)
    {
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw CrucibleException.Invalid("Invalid server options: " + string.Join(" ", problems));
        }
    }
}
