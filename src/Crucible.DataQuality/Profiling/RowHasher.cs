using Crucible.Stats.Sketches;

namespace Crucible.DataQuality.Profiling;

/// <summary>64-bit hashes of a row's cells in a fixed (name-sorted) column order, stable across files.</summary>
internal sealed class RowHasher
{
    private const ulong MissingHash = 0x6A09E667F3BCC909UL;
    private readonly int[] _order;

    public RowHasher(IReadOnlyList<string> columns, Func<string, bool> include)
    {
        _order = [.. Enumerable.Range(0, columns.Count).Where(i => include(columns[i])).OrderBy(i => columns[i], StringComparer.Ordinal)];
    }

    /// <summary>The columns this hasher reads.</summary>
    public IReadOnlyList<int> Columns => _order;

    /// <summary>The same value as <see cref="Hash(string?[])"/>, from the cells' hashes (<see cref="Of"/>) computed once per row.</summary>
    public ulong Hash(ReadOnlySpan<ulong> cellHashes)
    {
        ulong h = (ulong)_order.Length;
        foreach (int i in _order)
        {
            h = Hash64.Mix(unchecked((h * 0x9E3779B185EBCA87UL) ^ cellHashes[i]));
        }

        return h;
    }

    public ulong Hash(string?[] cells)
    {
        ulong h = (ulong)_order.Length;
        foreach (int i in _order)
        {
            h = Hash64.Mix(unchecked((h * 0x9E3779B185EBCA87UL) ^ Of(cells[i])));
        }

        return h;
    }

    public static ulong Of(string? cell) => cell is null ? MissingHash : Hash64.Of(cell);
}
