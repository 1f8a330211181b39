using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Serving.Inference;
using Crucible.Serving.Validation;

namespace Crucible.Serving.Protocols;

/// <summary>How a row of a scoring body is laid out: a list of cells by column, an object by column name, or the cell itself.</summary>
internal enum RowForm
{
    List,
    Object,
    Cell,
}

/// <summary>One column of a row-wise scoring body and where its cells go.</summary>
internal sealed class ScoringColumn(string name, InputBuffer buffer, long[]? cellDims)
{
    public string Name { get; } = name;

    public InputBuffer Buffer { get; } = buffer;

    /// <summary>Dimensions of one cell; null until inferred from the first row.</summary>
    public long[]? CellDims { get; set; } = cellDims;

    public int CellCount { get; set; } = 1;

    /// <summary>For a featurewise layout, the feature (index along dimension 1) this column fills.</summary>
    public int Position { get; init; }

    public int Offset { get; set; }
}

/// <summary>
/// Maps the columns of an MLflow dataframe (or CSV, or <c>instances</c>) to the model's inputs. A model with one
/// input takes the columns as its features along dimension 1: matched by name when the model declares its feature
/// names (<see cref="ModelSignature.FeatureNames"/>; unknown or missing names are refused), in the order given
/// otherwise. A model with several inputs (or a single column named after the only input) takes one column per
/// input, matched by name, each cell holding that input's value for the row.
/// </summary>
internal sealed class ScoringLayout
{
    private readonly ServingLimits _limits;
    private readonly Dictionary<string, int>? _byName;

    private ScoringLayout(ScoringColumn[] columns, InputBuffer[] buffers, bool features, ServingLimits limits)
    {
        Columns = columns;
        Buffers = buffers;
        Features = features;
        _limits = limits;
        if (columns.Length > 16)
        {
            _byName = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                _byName.TryAdd(columns[i].Name, i);
            }
        }
    }

    public ScoringColumn[] Columns { get; }

    /// <summary>One buffer per model input, in signature order.</summary>
    public InputBuffer[] Buffers { get; }

    public bool Features { get; }

    public bool NeedsInference => Columns.Length > 0 && Array.Exists(Columns, c => c.CellDims is null);

    /// <param name="names">The columns, in the order the rows carry them.</param>
    /// <param name="signature">The model's signature.</param>
    /// <param name="limits">The request limits.</param>
    /// <param name="byName">Columns must be named after inputs (or features): never taken by position.</param>
    /// <param name="positional">The request named no columns (<paramref name="names"/> are numbers made up for it): features by position.</param>
    public static ScoringLayout Create(IReadOnlyList<string> names, ModelSignature signature, ServingLimits limits, bool byName = false, bool positional = false)
    {
        if (names.Count > limits.MaxInputs)
        {
            throw CrucibleException.Invalid($"the data has {names.Count} columns, more than the limit of {limits.MaxInputs}");
        }

        var inputs = signature.Inputs;
        if (inputs.Count == 0)
        {
            throw CrucibleException.Invalid("the model has no inputs");
        }

        if (inputs.Count == 1 && !(names.Count == 1 && names[0] == inputs[0].Name))
        {
            if (signature.FeatureNames is { } features && !positional && !IsDefaultIndex(names, features))
            {
                return Featurewise(names, inputs[0], limits, ByFeatureName(names, features, inputs[0]));
            }

            if (!byName)
            {
                return Featurewise(names, inputs[0], limits, null);
            }
        }

        var buffers = new InputBuffer[inputs.Count];
        var columns = new ScoringColumn[names.Count];
        for (var j = 0; j < names.Count; j++)
        {
            if (!signature.InputIndex.TryGetValue(names[j], out var index))
            {
                throw CrucibleException.Invalid($"unknown column '{names[j]}'; the model's inputs are: {ShapeText.Names(inputs)}");
            }

            if (buffers[index] is not null)
            {
                throw CrucibleException.Invalid($"column '{names[j]}' appears more than once");
            }

            var input = inputs[index];
            buffers[index] = InputBuffer.Create(input, index, limits);
            if (input.Type.Shape is { Count: 0 })
            {
                throw CrucibleException.Invalid($"input '{input.Name}' is a scalar (shape []), so it cannot take a column; send it as {{\"inputs\": {{\"{input.Name}\": value}}}}");
            }

            columns[j] = new ScoringColumn(input.Name, buffers[index], FixedDims(input.Type.Shape, 1));
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (buffers[i] is null)
            {
                throw CrucibleException.Invalid(
                    $"missing column for input '{inputs[i].Name}' ({ShapeText.Describe(inputs[i].Type)}); the data has columns: {ShapeText.Names(names)}");
            }
        }

        return new ScoringLayout(columns, buffers, features: false, limits);
    }

    /// <summary>
    /// True when the columns are pandas' default for a frame without names, 0, 1, ..., C-1 in order (what a
    /// client sends for <c>pd.DataFrame(rows)</c>): they name nothing, so the features are taken by position, as when
    /// no columns are sent. The model's own names are never numbers in order, or they would mean the same.
    /// </summary>
    private static bool IsDefaultIndex(IReadOnlyList<string> names, IReadOnlyList<string> features)
    {
        if (names.Count != features.Count)
        {
            return false;
        }

        for (var j = 0; j < names.Count; j++)
        {
            if (names[j] != j.ToString(System.Globalization.CultureInfo.InvariantCulture) || features.Contains(names[j], StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Where each column goes among the model's named features; every name must be a feature and every feature must
    /// come once, or the request is refused with the names that do not fit (never a silently wrong answer).
    /// </summary>
    private static int[] ByFeatureName(IReadOnlyList<string> names, IReadOnlyList<string> features, OnnxValueInfo input)
    {
        var index = new Dictionary<string, int>(features.Count, StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            index[features[i]] = i;
        }

        var positions = new int[names.Count];
        var seen = new bool[features.Count];
        var unknown = new List<string>();
        for (var j = 0; j < names.Count; j++)
        {
            if (!index.TryGetValue(names[j], out var position))
            {
                unknown.Add(names[j]);
                continue;
            }

            if (seen[position])
            {
                throw CrucibleException.Invalid($"column '{names[j]}' appears more than once");
            }

            seen[position] = true;
            positions[j] = position;
        }

        var missing = features.Where((_, i) => !seen[i]).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            var problems = new List<string>(2);
            if (unknown.Count > 0)
            {
                problems.Add($"unknown column{(unknown.Count > 1 ? "s" : "")} {Quoted(unknown)}");
            }

            if (missing.Count > 0)
            {
                problems.Add($"missing column{(missing.Count > 1 ? "s" : "")} {Quoted(missing)}");
            }

            throw CrucibleException.Invalid(
                $"the columns do not match the features of input '{input.Name}' ({string.Join("; ", problems)}); "
                + $"the model's features are, by name in any order: {Quoted(features)}");
        }

        return positions;

        static string Quoted(IReadOnlyList<string> names) =>
            string.Join(", ", names.Take(20).Select(n => $"'{n}'")) + (names.Count > 20 ? $" and {names.Count - 20} more" : "");
    }

    private static ScoringLayout Featurewise(IReadOnlyList<string> names, OnnxValueInfo input, ServingLimits limits, int[]? positions)
    {
        var buffer = InputBuffer.Create(input, 0, limits);
        var dims = input.Type.Shape;
        long[]? cellDims;
        switch (dims?.Count)
        {
            case null:
                cellDims = [];
                break;
            case 0:
                throw CrucibleException.Invalid($"input '{input.Name}' is a scalar (shape []); send it as {{\"inputs\": value}}");
            case 1:
                if (names.Count != 1)
                {
                    throw CrucibleException.Invalid(
                        $"input '{input.Name}' has shape {ShapeText.Format(dims)}, so it takes one column, but the data has {names.Count}: {ShapeText.Names(names)}");
                }

                cellDims = [];
                break;
            default:
                if (dims[1].IsFixed && dims[1].Value != names.Count)
                {
                    throw CrucibleException.Invalid(
                        $"input '{input.Name}' takes {dims[1].Value} features per row (shape {ShapeText.Format(dims)}), but the data has {names.Count} columns: {ShapeText.Names(names)}");
                }

                cellDims = FixedDims(dims, 2);
                break;
        }

        var columns = new ScoringColumn[names.Count];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new ScoringColumn(names[j], buffer, cellDims) { Position = positions?[j] ?? j };
        }

        return new ScoringLayout(columns, [buffer], features: true, limits);
    }

    /// <summary>The dimensions from <paramref name="from"/> on, or null when one is symbolic or the rank is unknown.</summary>
    private static long[]? FixedDims(IReadOnlyList<OnnxDimension>? dims, int from)
    {
        if (dims is null)
        {
            return null;
        }

        var result = new long[Math.Max(dims.Count - from, 0)];
        for (var i = 0; i < result.Length; i++)
        {
            if (!dims[from + i].IsFixed)
            {
                return null;
            }

            result[i] = dims[from + i].Value!.Value;
        }

        return result;
    }

    /// <summary>Finds the column named by the property the reader is on; -1 when there is none.</summary>
    public int Find(ref Utf8JsonReader reader)
    {
        if (_byName is null)
        {
            for (var j = 0; j < Columns.Length; j++)
            {
                if (reader.ValueTextEquals(Columns[j].Name))
                {
                    return j;
                }
            }

            return -1;
        }

        return _byName.TryGetValue(reader.GetString()!, out var index) ? index : -1;
    }

    /// <summary>Infers the cell dimensions still unknown from the first row (the reader is on it), without moving the caller's reader.</summary>
    public void InferFrom(Utf8JsonReader row, RowForm form)
    {
        var maxRank = Math.Min(_limits.MaxRank, 64);
        Span<long> dims = stackalloc long[maxRank];
        switch (form)
        {
            case RowForm.Cell:
                Infer(Columns[0], row, dims);
                break;
            case RowForm.List when row.TokenType == JsonTokenType.StartArray:
                for (var j = 0; row.Read() && row.TokenType != JsonTokenType.EndArray; j++)
                {
                    if (j < Columns.Length && Columns[j].CellDims is null)
                    {
                        Infer(Columns[j], row, dims);
                    }

                    row.Skip();
                }

                break;
            case RowForm.Object when row.TokenType == JsonTokenType.StartObject:
                while (row.Read() && row.TokenType != JsonTokenType.EndObject)
                {
                    var j = Find(ref row);
                    row.Read();
                    if (j >= 0 && Columns[j].CellDims is null)
                    {
                        Infer(Columns[j], row, dims);
                    }

                    row.Skip();
                }

                break;
        }
    }

    private void Infer(ScoringColumn column, Utf8JsonReader cell, Span<long> dims)
    {
        var rank = TensorDataReader.InferShape(cell, dims, column.Buffer.Input.Name);
        column.CellDims = dims[..rank].ToArray();
        if (Features)
        {
            foreach (var other in Columns)
            {
                other.CellDims = column.CellDims;
            }
        }
    }

    /// <summary>Fixes every buffer's row shape and every column's offset, checks the limits, and allocates for <paramref name="rows"/>.</summary>
    public void Allocate(long rows)
    {
        if (rows > _limits.MaxBatchRows)
        {
            throw SignatureValidator.TooManyRows(rows, _limits);
        }

        var max = Math.Min(_limits.MaxElements, Array.MaxLength);
        foreach (var column in Columns)
        {
            // No first row to infer from: the unknown dimensions are empty.
            column.CellDims ??= [];
            var count = TensorDataReader.ElementCount(column.CellDims, max);
            column.CellCount = count >= 0 ? (int)count : throw TooLarge(column.Buffer.Input.Name);
        }

        if (Features)
        {
            var buffer = Buffers[0];
            buffer.RowDims = buffer.Input.Type.Shape is { Count: 1 } ? [] : [Columns.Length, .. Columns.Length > 0 ? Columns[0].CellDims! : []];
            for (var j = 0; j < Columns.Length; j++)
            {
                Columns[j].Offset = Columns[j].Position * Columns[j].CellCount;
            }
        }
        else
        {
            foreach (var column in Columns)
            {
                column.Buffer.RowDims = column.CellDims!;
            }
        }

        long total = 0;
        foreach (var buffer in Buffers)
        {
            var perRow = TensorDataReader.ElementCount(buffer.RowDims, max);
            if (perRow < 0 || (perRow > 0 && rows > (max - total) / perRow))
            {
                throw TooLarge(buffer.Input.Name);
            }

            buffer.PerRow = perRow;
            total += rows * perRow;
        }

        foreach (var buffer in Buffers)
        {
            buffer.Allocate((int)(rows * buffer.PerRow));
        }
    }

    public void ReadRow(ref Utf8JsonReader reader, RowForm form, int row, scoped Span<bool> seen)
    {
        switch (form)
        {
            case RowForm.Cell:
                ReadCell(ref reader, Columns[0], row);
                break;
            case RowForm.List:
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw CrucibleException.Invalid($"row {row}: expected a list of {Columns.Length} values (one per column), got {JsonTokens.Describe(ref reader)}");
                }

                var j = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (j >= Columns.Length)
                    {
                        throw CrucibleException.Invalid($"row {row} has more than {Columns.Length} values; expected one per column: {ColumnNames()}");
                    }

                    ReadCell(ref reader, Columns[j++], row);
                }

                if (j != Columns.Length)
                {
                    throw CrucibleException.Invalid($"row {row} has {j} values; expected {Columns.Length}, one per column: {ColumnNames()}");
                }

                break;
            default:
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw CrucibleException.Invalid($"row {row}: expected an object {{column: value}}, got {JsonTokens.Describe(ref reader)}");
                }

                seen.Clear();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var k = Find(ref reader);
                    if (k < 0)
                    {
                        throw CrucibleException.Invalid($"row {row}: unknown column '{reader.GetString()}'; expected: {ColumnNames()}");
                    }

                    if (seen[k])
                    {
                        throw CrucibleException.Invalid($"row {row}: column '{Columns[k].Name}' appears more than once");
                    }

                    seen[k] = true;
                    reader.Read();
                    ReadCell(ref reader, Columns[k], row);
                }

                for (var k = 0; k < seen.Length; k++)
                {
                    if (!seen[k])
                    {
                        throw CrucibleException.Invalid($"row {row} has no value for column '{Columns[k].Name}'");
                    }
                }

                break;
        }
    }

    public IReadOnlyList<InferenceInput> ToInputs(long rows)
    {
        var inputs = new InferenceInput[Buffers.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new InferenceInput(Buffers[i].Input.Name, Buffers[i].ToTensor(rows));
        }

        return inputs;
    }

    public string ColumnNames()
    {
        var names = new string[Columns.Length];
        for (var j = 0; j < names.Length; j++)
        {
            names[j] = Columns[j].Name;
        }

        return ShapeText.Names(names);
    }

    private static void ReadCell(ref Utf8JsonReader reader, ScoringColumn column, int row)
    {
        try
        {
            column.Buffer.ReadJson(ref reader, (int)(row * column.Buffer.PerRow) + column.Offset, column.CellDims, column.CellCount);
        }
        catch (CrucibleException e)
        {
            throw CrucibleException.Invalid($"row {row}, column '{column.Name}': {e.Message}");
        }
    }

    private CrucibleException TooLarge(string input) =>
        CrucibleException.Invalid($"input '{input}': the data takes the request past the limit of {_limits.MaxElements} elements");
}
