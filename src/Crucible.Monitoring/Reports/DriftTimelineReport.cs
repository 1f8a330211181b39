using System.Globalization;
using System.Text;
using Crucible.Core.Reporting;
using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Windows;

namespace Crucible.Monitoring.Reports;

/// <summary>A window to compare with the reference: its profile (null or no rows when nothing was readable) and the problems met reading it.</summary>
/// <param name="Window">The window.</param>
/// <param name="Profile">Its merged profile.</param>
/// <param name="Problems">Partials or records skipped, one message each.</param>
public sealed record TimelineWindow(WindowId Window, DatasetProfile? Profile, IReadOnlyList<string> Problems);

/// <summary>
/// Drift over time as one HTML page: every window compared with the reference, the drifted share per window as a
/// chart, and the full report (scores and reference vs current distributions) of the latest window that has rows.
/// Cost grows with windows × columns, not with rows.
/// </summary>
public static class DriftTimelineReport
{
    /// <summary>Compares each window with the reference; windows without rows get no report.</summary>
    public static IReadOnlyList<WindowDriftResult> Compare(DatasetProfile reference, IEnumerable<TimelineWindow> windows, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(windows);
        // Windows are independent: compared in parallel, kept in order.
        return [.. windows.AsParallel().AsOrdered().Select(w => new WindowDriftResult(
            w.Window,
            w.Profile is { RowCount: > 0 } p && reference.RowCount > 0 ? ProfileDrift.Compute(reference, p, options) : null,
            w.Problems))];
    }

    /// <summary>
    /// Loads every stored window of a deployment's model version in [from, to) (partials merged; corrupt ones reported
    /// and skipped), compares each with the reference, and renders.
    /// </summary>
    public static async Task<string> RenderFromStoreAsync(
        ProfileStore store,
        string deployment,
        string modelVersion,
        DatasetProfile reference,
        DriftOptions? options = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var windows = (await WindowDrift.LoadAsync(store, deployment, modelVersion, from, to, cancellationToken).ConfigureAwait(false))
            .Select(w => new TimelineWindow(w.Id, w.Window?.Profile, w.Window?.Problems ?? []))
            .ToList();

        return Render(reference, windows, options, $"Drift of deployment {deployment}, model version {modelVersion}");
    }

    /// <summary>Compares and renders.</summary>
    public static string Render(DatasetProfile reference, IReadOnlyList<TimelineWindow> windows, DriftOptions? options = null, string title = "Crucible drift over time")
    {
        ArgumentNullException.ThrowIfNull(windows);
        IReadOnlyList<WindowDriftResult> results = Compare(reference, windows, options);
        int latest = -1;
        for (int i = results.Count - 1; i >= 0 && latest < 0; i--)
        {
            latest = results[i].Report is null ? -1 : i;
        }

        string summary = Summary(results);
        if (latest < 0)
        {
            return ReportPage.End(ReportPage.Begin(title).Append("<p>").Append(summary).Append("</p><p>No window in the range has readable rows: nothing to compare.</p>"));
        }

        string latestTitle = string.Create(
            CultureInfo.InvariantCulture, $"{title}: {results.Count} windows; latest with data {results[latest].Window.WindowStart:yyyy-MM-dd HH:mm} UTC");
        string html = DriftHtmlReport.Render(results[latest].Report!, reference, windows[latest].Profile!, results, latestTitle);
        int body = html.IndexOf("</h1>", StringComparison.Ordinal) + "</h1>".Length;
        return html.Insert(body, string.Concat("<p>", summary, "</p>"));
    }

    private static string Summary(IReadOnlyList<WindowDriftResult> results)
    {
        int withData = results.Count(r => r.Report is not null), drifted = results.Count(r => r.Report?.DatasetDrift == true);
        int problems = results.Sum(r => r.Problems.Count);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{drifted} of {withData} windows with data drifted; {results.Count - withData} windows had no rows");
        WindowDriftResult? first = results.FirstOrDefault(r => r.Report?.DatasetDrift == true);
        if (first is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; first drift in the window starting {first.Window.WindowStart:yyyy-MM-dd HH:mm} UTC");
        }

        if (problems > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {problems} unreadable partials or records skipped");
        }

        return HtmlText.Encode(text.Append('.').ToString());
    }
}
