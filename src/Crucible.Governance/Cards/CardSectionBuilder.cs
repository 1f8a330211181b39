using System.Globalization;
using Crucible.Contracts.Governance;

namespace Crucible.Governance.Cards;

/// <summary>Collects one section's facts and tables; <see cref="Build"/> makes it a gap when it holds no evidence and a reason was given.</summary>
internal sealed class CardSectionBuilder(string id, string title, params RmfCategory[] rmf)
{
    private readonly List<CardFactDto> _facts = [];
    private readonly List<CardTableDto> _tables = [];

    public string Id => id;

    public IReadOnlyList<RmfCategory> Rmf => rmf;

    public bool IsEmpty => _facts.Count == 0 && _tables.Count == 0;

    public CardSectionBuilder Fact(string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            _facts.Add(new CardFactDto(name, value));
        }

        return this;
    }

    public CardSectionBuilder Table(string tableTitle, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = rows.ToList();
        if (list.Count > 0)
        {
            _tables.Add(new CardTableDto(tableTitle, columns, list));
        }

        return this;
    }

    /// <summary>The section; empty, it is a gap with <paramref name="gapReason"/>.</summary>
    public CardSectionDto Build(string gapReason) =>
        new(id, title, [.. rmf.Select(r => r.Id)], _facts, _tables, IsEmpty ? gapReason : null);

    public static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("0.####", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
