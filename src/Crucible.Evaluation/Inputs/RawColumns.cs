namespace Crucible.Evaluation.Inputs;

/// <summary>
/// The cells of a predictions file as strings, column by column, with the source line of every row so that later
/// checks can name it. A null cell is a missing value.
/// </summary>
internal sealed class RawColumns
{
    private readonly Dictionary<string, List<string?>> _columns = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public RawColumns(string source) => Source = source;

    /// <summary>The file name used in messages.</summary>
    public string Source { get; }

    public IReadOnlyList<string> Names => _order;

    public List<long> Lines { get; } = [];

    public int RowCount => Lines.Count;

    public bool Has(string name) => _columns.ContainsKey(name);

    public List<string?> Get(string name) => _columns.TryGetValue(name, out var column)
        ? column
        : throw new EvaluationInputException(
            $"{Source}: missing column '{name}'; the file has columns: {string.Join(", ", _order)}.", null, name);

    /// <summary>Adds a column, back-filled with missing values for rows already read.</summary>
    public List<string?> AddColumn(string name)
    {
        var column = new List<string?>(Math.Max(Lines.Count, 16));
        for (var i = 0; i < Lines.Count; i++)
        {
            column.Add(null);
        }

        _columns.Add(name, column);
        _order.Add(name);
        return column;
    }

    public string[] ToArray(string name) => Get(name).Select(v => v ?? string.Empty).ToArray();
}
