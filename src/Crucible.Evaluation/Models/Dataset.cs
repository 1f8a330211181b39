using System.Globalization;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Models;

/// <summary>
/// A feature table for running a model: numeric features (row-major float32, the ONNX input), the raw label cells, and
/// the remaining columns as string attributes for slicing and fairness.
/// </summary>
public sealed class Dataset
{
    private Dataset(IReadOnlyList<string> featureNames, float[] features, int rowCount, RawColumns raw)
    {
        FeatureNames = featureNames;
        Features = features;
        RowCount = rowCount;
        Raw = raw;
    }

    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Row-major [RowCount, FeatureNames.Count].</summary>
    public float[] Features { get; }

    public int RowCount { get; }

    internal RawColumns Raw { get; }

    /// <summary>
    /// Reads a CSV, JSON Lines or Parquet dataset (format from the extension). Features are <paramref name="featureColumns"/>, or else every column except the label and
    /// <paramref name="excludeColumns"/>; each feature cell must be a finite number (the error names line and column). The label may be null or
    /// empty for data without one (a clustering trainer's).
    /// </summary>
    public static Dataset Read(string path, string? labelColumn, IReadOnlyList<string>? featureColumns = null, IReadOnlyList<string>? excludeColumns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return From(RawColumns.Read(path, "Dataset"), labelColumn, featureColumns, excludeColumns);
    }

    /// <summary>Reads CSV text (a request body), as <see cref="Read"/>; errors name <paramref name="source"/>.</summary>
    public static Dataset ReadCsv(TextReader reader, string source, string? labelColumn, IReadOnlyList<string>? featureColumns = null, IReadOnlyList<string>? excludeColumns = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return From(RawColumns.ReadCsv(reader, source), labelColumn, featureColumns, excludeColumns);
    }

    private static Dataset From(RawColumns raw, string? labelColumn, IReadOnlyList<string>? featureColumns, IReadOnlyList<string>? excludeColumns)
    {
        var excluded = new HashSet<string>(excludeColumns ?? [], StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(labelColumn))
        {
            raw.Get(labelColumn);
            excluded.Add(labelColumn);
        }

        var names = featureColumns?.ToList() ?? raw.Names.Where(n => !excluded.Contains(n)).ToList();
        var parser = new CellParser(raw);
        var width = names.Count;
        var features = new float[raw.RowCount * width];
        for (var c = 0; c < width; c++)
        {
            var column = parser.Numbers(names[c], "feature");
            for (var r = 0; r < column.Length; r++)
            {
                features[(r * width) + c] = (float)column[r];
            }
        }

        return new Dataset(names, features, raw.RowCount, raw);
    }

    /// <summary>
    /// The numbers in <paramref name="column"/> (a label or target column), one per row; every cell must be a finite
    /// number (the error names line and column).
    /// </summary>
    public double[] NumericColumn(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return new CellParser(Raw).Numbers(column, "label");
    }

    /// <summary>A copy whose feature matrix is replaced (same shape).</summary>
    internal Dataset WithFeatures(float[] features) => new(FeatureNames, features, RowCount, Raw);

    /// <summary>The columns that are neither the label nor a feature, as attributes.</summary>
    internal Dictionary<string, string?[]> Attributes(string labelColumn)
    {
        var result = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var name in Raw.Names)
        {
            if (name != labelColumn && !FeatureNames.Contains(name))
            {
                result[name] = [.. Raw.Get(name)];
            }
        }

        return result;
    }

    internal string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Raw.Source} ({RowCount} rows, {FeatureNames.Count} features)");
}
