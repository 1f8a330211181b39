using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Reports;
using Crucible.Monitoring.Windows;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Serving;
using Crucible.Server.Monitoring;

namespace Crucible.Server.Endpoints.Monitoring;

/// <summary>
/// <c>GET /api/crucible/v1/deployments/{name}/drift-report?start_ms=&amp;end_ms=&amp;window_ms=&amp;reference_start_ms=&amp;reference_end_ms=</c>:
/// drift over time of a deployment's served traffic as a self-contained HTML page (text/html). The reference and the
/// range are read from the prediction log, or the range's windows from stored partial profiles when the deployment has
/// them (<see cref="StoredTimeline"/>); the range is cut into windows of <c>window_ms</c> (one hour by default)
/// from <c>start_ms</c>. Columns carry the served model's feature names when its ONNX metadata has them: the profiles
/// are built with them (<see cref="FeatureNameSource"/>, as the monitors' are), and captured partials are stored with
/// them. Errors are ProblemDetails.
/// </summary>
internal static class DriftReportEndpoints
{
    public const long DefaultWindowMs = 3_600_000;

    /// <summary>Windows one report covers at most (31 days of hourly windows is 744).</summary>
    public const int MaxWindows = 2_000;

    public static void MapDriftReports(this IEndpointRouteBuilder app) =>
        app.MapGet("deployments/{name}/drift-report", ReportAsync).Native("GetDriftReport", "Get a drift-over-time report of a deployment's traffic (HTML)").ProducesText("text/html");

    private static async Task<IResult> ReportAsync(
        HttpContext http, IDeploymentStore deployments, IPredictionLogStore log, ProfileStore profiles, ModelFeatureNames featureNames, string name)
    {
        var query = http.Request.Query;
        long start = Required(query, "start_ms"), end = Required(query, "end_ms");
        long referenceStart = Required(query, "reference_start_ms"), referenceEnd = Required(query, "reference_end_ms");
        long window = Guard.DurationMs(DeploymentsEndpoints.Long(query, "window_ms") ?? DefaultWindowMs, "window_ms");
        Ordered(start, end, "start_ms", "end_ms");
        Ordered(referenceStart, referenceEnd, "reference_start_ms", "reference_end_ms");
        if (Math.Ceiling(((double)end - start) / window) > MaxWindows)
        {
            throw CrucibleException.Invalid($"The range holds more than {MaxWindows} windows of {window} ms: use a longer window_ms or a shorter range.");
        }

        await deployments.GetDeploymentAsync(name, http.RequestAborted);
        var reference = await PredictionProfiles.BuildAsync(
            log, name, DateTimeOffset.FromUnixTimeMilliseconds(referenceStart), DateTimeOffset.FromUnixTimeMilliseconds(referenceEnd),
            featureNames: featureNames.GetAsync, cancellationToken: http.RequestAborted);
        var referenceProfile = reference.Profile;
        if (referenceProfile.RowCount == 0
            && await StoredTimeline.TryReferenceAsync(profiles, name, referenceStart, referenceEnd, http.RequestAborted) is { RowCount: > 0 } stored)
        {
            // The reference's predictions were deleted by retention: its stored window profiles stand in.
            referenceProfile = stored;
        }

        if (referenceProfile.RowCount == 0)
        {
            throw CrucibleException.Invalid(
                $"The reference window [{referenceStart}, {referenceEnd}) has no readable predictions of deployment '{name}' ({reference.Records} records, {reference.DataQualityIssues} unreadable).");
        }

        var timeline = await StoredTimeline.TryBuildAsync(profiles, log, name, start, end, window, featureNames.GetAsync, http.RequestAborted);
        if (timeline is null)
        {
            var windows = await PredictionProfiles.BuildWindowsAsync(
                log, name, DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(end), TimeSpan.FromMilliseconds(window),
                featureNames: featureNames.GetAsync, cancellationToken: http.RequestAborted);
            timeline = [.. windows.Select(w => new TimelineWindow(new WindowId(name, "all", w.Start), w.Profile.Profile, w.Profile.Problems))];
        }

        string html = DriftTimelineReport.Render(referenceProfile, timeline, title: $"Drift of deployment {name}");
        return TypedResults.Text(html, "text/html; charset=utf-8");
    }

    private static long Required(IQueryCollection query, string key)
    {
        long value = DeploymentsEndpoints.Long(query, key) ?? throw CrucibleException.Invalid($"Missing value for required parameter '{key}'.");
        return Guard.EpochMs(value, key);
    }

    private static void Ordered(long start, long end, string startName, string endName)
    {
        if (end <= start)
        {
            throw CrucibleException.Invalid($"The range is empty: '{endName}' ({end}) must be after '{startName}' ({start}).");
        }
    }
}
