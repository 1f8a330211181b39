using System.Globalization;
using System.Text;
using System.Text.Json;
using Crucible.Contracts.Governance;
using Crucible.Core.Reporting;

namespace Crucible.Governance.Cards;

/// <summary>Assembles a version's model card from the stores and writes it as JSON, Markdown or HTML.</summary>
public sealed class ModelCards(CardStores stores, TimeProvider time)
{
    public static IReadOnlyList<string> Formats { get; } = ["json", "md", "html"];

    public async Task<ModelCardDto> AssembleAsync(string name, string version, CancellationToken cancellationToken)
    {
        var evidence = await new CardEvidenceReader(stores).ReadAsync(name, version, cancellationToken).ConfigureAwait(false);
        return ModelCardBuilder.Build(evidence, time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public static string ToJson(ModelCardDto card) => JsonSerializer.Serialize(card, GovernanceJsonContext.Default.ModelCardDto);

    public static string ToMarkdown(ModelCardDto card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Model card: {card.Model} version {card.Version}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Generated {Generated(card)}; evidence digest `{card.Digest}` ({card.SchemaVersion}).\n\n");
        md.Append("## NIST AI RMF coverage\n\n| category | function | status | sections | what the card shows |\n|---|---|---|---|---|\n");
        foreach (var r in card.Rmf)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {r.Id} | {r.Function} | {r.Status} | {string.Join(", ", r.Sections)} | {Cell(r.Summary)} |\n");
        }

        md.Append("\n## Gaps\n\n");
        md.Append(card.Gaps.Count == 0 ? "None.\n" : string.Concat(card.Gaps.Select(g => $"- **{g.Function}** ({string.Join(", ", g.Rmf)}), section `{g.Section}`: {g.Reason}\n")));
        foreach (var section in card.Sections)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {section.Title}\n\n_NIST AI RMF: {string.Join(", ", section.Rmf)}_\n\n");
            if (section.Gap is { } gap)
            {
                md.Append(CultureInfo.InvariantCulture, $"**Gap:** {gap}\n");
                continue;
            }

            foreach (var fact in section.Facts)
            {
                md.Append(CultureInfo.InvariantCulture, $"- **{fact.Name}:** {fact.Value.ReplaceLineEndings(" ")}\n");
            }

            foreach (var table in section.Tables)
            {
                md.Append(CultureInfo.InvariantCulture, $"\n{table.Title}\n\n| {string.Join(" | ", table.Columns)} |\n|{string.Concat(table.Columns.Select(_ => "---|"))}\n");
                foreach (var row in table.Rows)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {string.Join(" | ", row.Select(Cell))} |\n");
                }
            }
        }

        return md.ToString();
    }

    public static string ToHtml(ModelCardDto card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var html = ReportPage.Begin($"Model card: {card.Model} version {card.Version}");
        html.Append(CultureInfo.InvariantCulture, $"<p>Generated {Generated(card)}; evidence digest <code>{card.Digest}</code> ({HtmlText.Encode(card.SchemaVersion)}).</p>");
        html.Append("<h2>NIST AI RMF coverage</h2><table><tr><th>category</th><th>function</th><th>status</th><th>sections</th><th>what the card shows</th></tr>");
        foreach (var r in card.Rmf)
        {
            var css = r.Status switch { "evidenced" => "pass", "partial" => "warn", _ => "fail" };
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{HtmlText.Encode(r.Id)}</td><td>{r.Function}</td><td><span class=\"{css}\">{r.Status}</span></td><td>{HtmlText.Encode(string.Join(", ", r.Sections))}</td><td>{HtmlText.Encode(r.Summary)}</td></tr>");
        }

        html.Append("</table><h2>Gaps</h2>");
        html.Append(card.Gaps.Count == 0 ? "<p>None.</p>" : "<ul>" + string.Concat(card.Gaps.Select(g =>
            $"<li><strong>{g.Function}</strong> ({HtmlText.Encode(string.Join(", ", g.Rmf))}), <a href=\"#{g.Section}\">{HtmlText.Encode(g.Section)}</a>: {HtmlText.Encode(g.Reason)}</li>")) + "</ul>");
        foreach (var section in card.Sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section id=\"{HtmlText.Encode(section.Id)}\"><h2>{HtmlText.Encode(section.Title)}</h2><p><em>NIST AI RMF: {HtmlText.Encode(string.Join(", ", section.Rmf))}</em></p>");
            if (section.Gap is { } gap)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p><span class=\"fail\">gap</span> {HtmlText.Encode(gap)}</p></section>");
                continue;
            }

            if (section.Facts.Count > 0)
            {
                html.Append("<table>");
                foreach (var fact in section.Facts)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<tr><th>{HtmlText.Encode(fact.Name)}</th><td>{HtmlText.Encode(fact.Value)}</td></tr>");
                }

                html.Append("</table>");
            }

            foreach (var table in section.Tables)
            {
                html.Append(CultureInfo.InvariantCulture, $"<h3>{HtmlText.Encode(table.Title)}</h3><table><tr>{string.Concat(table.Columns.Select(c => $"<th>{HtmlText.Encode(c)}</th>"))}</tr>");
                foreach (var row in table.Rows)
                {
                    html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{HtmlText.Encode(c)}</td>"))).Append("</tr>");
                }

                html.Append("</table>");
            }

            html.Append("</section>");
        }

        return ReportPage.End(html);
    }

    private static string Generated(ModelCardDto card) =>
        DateTimeOffset.FromUnixTimeMilliseconds(card.GeneratedAt).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
