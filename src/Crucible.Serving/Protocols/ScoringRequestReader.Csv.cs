using Crucible.Core.Errors;
using Crucible.Serving.Inference;
using Crucible.Serving.Validation;

namespace Crucible.Serving.Protocols;

/// <summary>CSV (<c>text/csv</c>): a header row of column names, then one record per row, mapped like <c>dataframe_split</c>.</summary>
public static partial class ScoringRequestReader
{
    public static InferenceRequest ReadCsv(ReadOnlySpan<byte> csv, ModelSignature signature, ServingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(limits);
        CheckSize(csv.Length, limits);

        var tokenizer = new CsvTokenizer(csv);
        if (!tokenizer.NextRecord())
        {
            throw CrucibleException.Invalid("the CSV body is empty; expected a header row of column names, then one row per record");
        }

        var columns = new List<string>();
        bool end;
        do
        {
            if (columns.Count >= limits.MaxInputs)
            {
                throw CrucibleException.Invalid($"the data has more than {limits.MaxInputs} columns, the limit");
            }

            tokenizer.ReadField(out var name, out var escaped, out end);
            var text = System.Text.Encoding.UTF8.GetString(name);
            columns.Add(escaped ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text);
        }
        while (!end);

        var layout = ScoringLayout.Create(columns, signature, limits);
        foreach (var column in layout.Columns)
        {
            // A CSV cell holds one value: symbolic cell dimensions are 1.
            column.CellDims ??= CellOfOne(column.Buffer.Input.Type.Shape, layout.Features ? 2 : 1);
        }

        // First pass: count the records and check their widths.
        var body = tokenizer;
        long rows = 0;
        while (body.NextRecord())
        {
            var fields = 0;
            do
            {
                body.ReadField(out _, out _, out end);
                fields++;
            }
            while (!end);

            if (fields != columns.Count)
            {
                throw CrucibleException.Invalid($"CSV line {body.Line - 1}: {fields} fields, but the header has {columns.Count}: {ShapeText.Names(columns)}");
            }

            if (++rows > limits.MaxBatchRows)
            {
                throw SignatureValidator.TooManyRows(rows, limits);
            }
        }

        layout.Allocate(rows);
        foreach (var column in layout.Columns)
        {
            if (column.CellCount != 1)
            {
                throw CrucibleException.Invalid(
                    $"input '{column.Buffer.Input.Name}' takes {column.CellCount} values per cell ({ShapeText.Describe(column.Buffer.Input.Type)}), which a CSV field cannot carry; send JSON");
            }
        }

        for (var row = 0; tokenizer.NextRecord(); row++)
        {
            var line = tokenizer.Line;
            foreach (var column in layout.Columns)
            {
                tokenizer.ReadField(out var value, out var escaped, out _);
                column.Buffer.ReadText(value, escaped, (int)(row * column.Buffer.PerRow) + column.Offset, line);
            }
        }

        var request = new InferenceRequest(null, layout.ToInputs(rows));
        SignatureValidator.Validate(request, signature, limits);
        return request;
    }

    private static long[] CellOfOne(IReadOnlyList<Crucible.Onnx.Model.OnnxDimension>? dims, int from)
    {
        if (dims is null)
        {
            return [];
        }

        var result = new long[Math.Max(dims.Count - from, 0)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = dims[from + i].Value ?? 1;
        }

        return result;
    }
}
