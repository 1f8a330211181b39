using System.Text;
using Crucible.Tabular;

namespace Crucible.Evaluation.Inputs;

/// <summary>
/// The cells of a predictions or dataset file as strings, column by column, with the position (line, or Parquet row
/// group and row) of every row so that later checks can name it. A null cell is a missing value under
/// <see cref="TabularCell"/>'s rule. Read through <see cref="TabularReader"/>, whose errors are rethrown as
/// <see cref="EvaluationInputException"/> with the same message, line and column.
/// </summary>
internal sealed class RawColumns
{
    private static readonly TabularOptions JsonKeysMayGrow = new() { AllowNewJsonKeys = true };
    private readonly Dictionary<string, List<string?>> _columns = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    private RawColumns(string source) => Source = source;

    /// <summary>The file name used in messages.</summary>
    public string Source { get; }

    public IReadOnlyList<string> Names => _order;

    public List<TabularPosition> Positions { get; } = [];

    public int RowCount => Positions.Count;

    /// <summary>Reads a CSV, JSON Lines or Parquet file (format from the extension).</summary>
    public static RawColumns Read(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new EvaluationInputException($"{what} file '{path}' does not exist.");
        }

        string source = Path.GetFileName(path);
        return Load(() => TabularReader.Open(path, JsonKeysMayGrow with { SourceName = source }), source);
    }

    /// <summary>Reads CSV text (a request body); errors name <paramref name="source"/>.</summary>
    public static RawColumns ReadCsv(TextReader reader, string source)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(reader.ReadToEnd());
        return Load(() => TabularReader.Open(new MemoryStream(bytes), TabularFormat.Csv, new TabularOptions { SourceName = source }), source);
    }

    public List<string?> Get(string name) => _columns.TryGetValue(name, out var column)
        ? column
        : throw new EvaluationInputException(
            $"{Source}: missing column '{name}'; the file has columns: {string.Join(", ", _order)}.", null, name);

    public string[] ToArray(string name) => Get(name).Select(v => v ?? string.Empty).ToArray();

    private static RawColumns Load(Func<TabularReader> open, string source)
    {
        var raw = new RawColumns(source);
        try
        {
            using TabularReader reader = open();
            while (reader.TryReadRow(out string?[]? row))
            {
                raw.Add(reader.Columns, row, reader.Position);
            }

            raw.Add(reader.Columns, [], null);
        }
        catch (TabularDataException e)
        {
            throw new EvaluationInputException(e.Message, e.Line, e.Column, e);
        }

        return raw;
    }

    // Adds one row (cells beyond the row are missing); new columns are back-filled with missing values.
    private void Add(IReadOnlyList<string> columns, string?[] row, TabularPosition? position)
    {
        for (int c = _order.Count; c < columns.Count; c++)
        {
            var column = new List<string?>(Math.Max(RowCount, 16));
            column.AddRange(Enumerable.Repeat<string?>(null, RowCount));
            _columns.Add(columns[c], column);
            _order.Add(columns[c]);
        }

        if (position is not { } at)
        {
            return;
        }

        Positions.Add(at);
        for (int c = 0; c < _order.Count; c++)
        {
            _columns[_order[c]].Add(c < row.Length ? row[c] : null);
        }
    }
}
