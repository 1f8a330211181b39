using System.Globalization;
using System.Text;

namespace Crucible.Core.Reporting;

/// <summary>
/// The frame of every self-contained HTML report: one stylesheet (inline, so a report is one file with no scripts
/// and no network access) shared by the evaluation, data-quality and drift reports and by the web UI.
/// </summary>
public static class ReportPage
{
    /// <summary>The one stylesheet. Chart colours are classes, so every chart reads the same in every report.</summary>
    public const string Stylesheet = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;background:#fff}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}h3{font-size:14px;margin:0 0 4px}
        section{margin:1.2em 0}
        table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#f4f6f8}.num{text-align:right;font-variant-numeric:tabular-nums}code{word-break:break-all}.checks code{white-space:nowrap;word-break:normal}
        .charts{display:flex;flex-wrap:wrap;gap:16px}.column{border:1px solid #eee;padding:8px}.chart{background:#fcfcfc;border:1px solid #eee}
        .chart text{font-size:11px;fill:#333}.chart .title{font-size:13px;font-weight:600}.axis-line,.frame{stroke:#999;fill:none}
        .curve{stroke:#1f77b4;stroke-width:2;fill:none}.diagonal{stroke:#aaa;stroke-dasharray:4 4;fill:none}.curve-point{fill:#1f77b4}
        .bar,.bin{fill:#4c78a8}.bar.flag,.point.flag{fill:#d62728}.bar.ok,.point.ok{fill:#2ca02c}.missing-chart .bar{fill:#f58518}
        .series-reference{fill:#4c78a8}.series-current{fill:#f58518}.line{stroke:#4c78a8;fill:none}
        .whisker{stroke:#08306b;stroke-width:1.5;fill:none}.threshold{stroke:#d62728;stroke-dasharray:4 3}.marker{stroke:#333;stroke-dasharray:4 3}
        .pass,.warn,.fail{color:#fff;padding:1px 6px;border-radius:3px;font-weight:600}
        .pass{background:#2ca02c}.warn{background:#e6a100}.fail{background:#d62728}
        .drift{color:#d62728;font-weight:bold}.ok{color:#2ca02c}.chart text.light{fill:#fff}
        tr.status-pass td{background:#f1faf1}tr.status-warn td{background:#fff8e6}tr.status-fail td{background:#fdecea}
        """;

    /// <summary>Starts a document: doctype, title, the stylesheet and the page heading.</summary>
    public static StringBuilder Begin(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        string text = HtmlText.Encode(title);
        return new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{text}</title><style>{Stylesheet}</style></head><body><h1>{text}</h1>");
    }

    /// <summary>Closes the document begun by <see cref="Begin"/>.</summary>
    public static string End(StringBuilder html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return html.Append("</body></html>\n").ToString();
    }
}
