using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Serving.Inference;
using Crucible.Serving.Validation;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Reads MLflow's <c>/invocations</c> bodies: JSON with exactly one of <c>dataframe_split</c>,
/// <c>dataframe_records</c>, <c>instances</c> or <c>inputs</c> (plus an optional <c>params</c> object), or CSV with a
/// header row. Columns map to the model's inputs as <see cref="ScoringLayout"/> describes; values are converted to
/// each input's element type. The result is validated against the signature; any bad input is a
/// <see cref="CrucibleException.Invalid"/>.
/// </summary>
public static partial class ScoringRequestReader
{
    private const string Formats =
        "expected a JSON object with exactly one of the keys \"dataframe_split\" ({\"columns\": [...], \"data\": [[...], ...]}), "
        + "\"dataframe_records\" ([{\"column\": value, ...}, ...]), \"instances\" ([row, ...]) or \"inputs\" (a tensor, or {\"input\": tensor}), "
        + "and optionally \"params\". Since MLflow 2.0 a bare list or a pandas-oriented object without one of these keys is not accepted";

    public static InferenceRequest ReadJson(ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(limits);
        CheckSize(json.Length, limits);
        return JsonRequestBody.Read(json, signature, limits, ReadJsonRequest);
    }

    private static void CheckSize(long length, ServingLimits limits)
    {
        if (length > limits.MaxBodyBytes)
        {
            throw CrucibleException.Invalid($"the request body has {length} bytes, more than the limit of {limits.MaxBodyBytes}");
        }
    }

    private static InferenceRequest ReadJsonRequest(ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits)
    {
        var reader = new Utf8JsonReader(json, OipRequestReader.Options);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw CrucibleException.Invalid($"{Formats}; got {(reader.TokenType == JsonTokenType.StartArray ? "a JSON list" : JsonTokens.Describe(ref reader))}");
        }

        Dictionary<string, object>? parameters = null;
        string? format = null;
        var offset = -1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.ValueTextEquals("dataframe_split"u8) ? "dataframe_split"
                : reader.ValueTextEquals("dataframe_records"u8) ? "dataframe_records"
                : reader.ValueTextEquals("instances"u8) ? "instances"
                : reader.ValueTextEquals("inputs"u8) ? "inputs"
                : null;
            var isParams = key is null && reader.ValueTextEquals("params"u8);
            reader.Read();
            if (key is not null)
            {
                if (format is not null)
                {
                    throw CrucibleException.Invalid($"{Formats}; got both \"{format}\" and \"{key}\"");
                }

                (format, offset) = (key, checked((int)reader.TokenStartIndex));
            }
            else if (isParams)
            {
                parameters = ParameterReader.Read(ref reader, "params");
                continue;
            }

            reader.Skip();
        }

        if (reader.Read())
        {
            throw CrucibleException.Invalid("request body has content after the JSON object");
        }

        if (format is null)
        {
            throw CrucibleException.Invalid($"{Formats}; got none of them");
        }

        var body = new Utf8JsonReader(json[offset..], OipRequestReader.Options);
        body.Read();
        var inputs = format switch
        {
            "dataframe_split" => ReadSplit(ref body, json[offset..], signature, limits),
            "dataframe_records" => ReadRecords(ref body, signature, limits, byName: false, "dataframe_records"),
            "instances" => ReadInstances(ref body, signature, limits),
            _ => ReadColumnar(ref body, signature, limits),
        };
        return new InferenceRequest(null, inputs, null, parameters);
    }

    private static IReadOnlyList<InferenceInput> ReadSplit(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw CrucibleException.Invalid($"\"dataframe_split\" must be an object {{\"columns\": [...], \"data\": [[...], ...]}}, got {JsonTokens.Describe(ref reader)}");
        }

        List<string>? columns = null;
        var dataOffset = -1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("columns"u8))
            {
                reader.Read();
                columns = ReadNames(ref reader, limits, "\"dataframe_split\" \"columns\"");
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                dataOffset = checked((int)reader.TokenStartIndex);
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (dataOffset < 0)
        {
            throw CrucibleException.Invalid("\"dataframe_split\" has no \"data\"; expected {\"columns\": [...], \"data\": [[...], ...]}");
        }

        var data = new Utf8JsonReader(json[dataOffset..], OipRequestReader.Options);
        data.Read();
        if (data.TokenType != JsonTokenType.StartArray)
        {
            throw CrucibleException.Invalid($"\"dataframe_split\" \"data\" must be a list of rows, got {JsonTokens.Describe(ref data)}");
        }

        var positional = columns is null;
        if (columns is null)
        {
            if (signature.Inputs.Count != 1)
            {
                throw CrucibleException.Invalid(
                    $"\"dataframe_split\" needs \"columns\" naming the model's inputs: {ShapeText.Names(signature.Inputs)}");
            }

            columns = UnnamedColumns(data, signature.Inputs[0], limits);
        }

        var layout = ScoringLayout.Create(columns, signature, limits, positional: positional);
        return ReadRows(ref data, layout, RowForm.List, limits);
    }

    /// <summary>Without "columns", a single-input model's features are numbered as pandas numbers them: 0, 1, ...</summary>
    private static List<string> UnnamedColumns(Utf8JsonReader data, OnnxValueInfo input, ServingLimits limits)
    {
        var count = 0;
        if (data.Read() && data.TokenType == JsonTokenType.StartArray)
        {
            while (data.Read() && data.TokenType != JsonTokenType.EndArray && count <= limits.MaxInputs)
            {
                count++;
                data.Skip();
            }
        }
        else if (input.Type.Shape is { Count: > 1 } dims && dims[1].IsFixed)
        {
            count = (int)Math.Min(dims[1].Value!.Value, limits.MaxInputs + 1L);
        }

        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            names.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return names;
    }

    private static IReadOnlyList<InferenceInput> ReadRecords(ref Utf8JsonReader reader, ModelSignature signature, ServingLimits limits, bool byName, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw CrucibleException.Invalid($"\"{what}\" must be a list of objects {{column: value}}, got {JsonTokens.Describe(ref reader)}");
        }

        // The columns, in order, are the keys of the first record.
        var first = reader;
        var columns = new List<string>();
        if (first.Read() && first.TokenType != JsonTokenType.EndArray)
        {
            if (first.TokenType != JsonTokenType.StartObject)
            {
                throw CrucibleException.Invalid($"\"{what}\" must be a list of objects {{column: value}}, got a list of {JsonTokens.Kind(first.TokenType)}s");
            }

            while (first.Read() && first.TokenType != JsonTokenType.EndObject)
            {
                if (columns.Count >= limits.MaxInputs)
                {
                    throw CrucibleException.Invalid($"the data has more than {limits.MaxInputs} columns, the limit");
                }

                columns.Add(first.GetString()!);
                first.Read();
                first.Skip();
            }
        }
        else if (byName || signature.Inputs.Count > 1)
        {
            foreach (var input in signature.Inputs)
            {
                columns.Add(input.Name);
            }
        }

        var layout = ScoringLayout.Create(columns, signature, limits, byName);
        return ReadRows(ref reader, layout, RowForm.Object, limits);
    }

    private static IReadOnlyList<InferenceInput> ReadInstances(ref Utf8JsonReader reader, ModelSignature signature, ServingLimits limits)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw CrucibleException.Invalid($"\"instances\" must be a list of rows, got {JsonTokens.Describe(ref reader)}");
        }

        var first = reader;
        first.Read();
        if (first.TokenType == JsonTokenType.StartObject || (first.TokenType == JsonTokenType.EndArray && signature.Inputs.Count > 1))
        {
            return ReadRecords(ref reader, signature, limits, byName: true, "instances");
        }

        if (signature.Inputs.Count != 1)
        {
            throw CrucibleException.Invalid(
                $"\"instances\" as a list of values needs a model with one input; this model has inputs {ShapeText.Names(signature.Inputs)}: send [{{\"{signature.Inputs[0].Name}\": ..., ...}}, ...]");
        }

        var layout = ScoringLayout.Create([signature.Inputs[0].Name], signature, limits, byName: true);
        return ReadRows(ref reader, layout, RowForm.Cell, limits);
    }

    /// <summary><c>inputs</c>: a whole tensor for a single-input model, or <c>{input: tensor}</c>.</summary>
    private static IReadOnlyList<InferenceInput> ReadColumnar(ref Utf8JsonReader reader, ModelSignature signature, ServingLimits limits)
    {
        long elements = 0;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            if (signature.Inputs.Count != 1)
            {
                throw CrucibleException.Invalid(
                    $"\"inputs\" as a single tensor needs a model with one input; this model has inputs {ShapeText.Names(signature.Inputs)}: send {{\"inputs\": {{\"{signature.Inputs[0].Name}\": ..., ...}}}}");
            }

            return [ReadWholeTensor(ref reader, signature.Inputs[0], limits, ref elements)];
        }

        var inputs = new List<InferenceInput>(signature.Inputs.Count);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            if (!signature.InputIndex.TryGetValue(name, out var index))
            {
                throw SignatureValidator.UnknownInput(name, signature);
            }

            if (inputs.Count >= limits.MaxInputs)
            {
                throw CrucibleException.Invalid($"the request has more than {limits.MaxInputs} inputs, the limit");
            }

            reader.Read();
            inputs.Add(ReadWholeTensor(ref reader, signature.Inputs[index], limits, ref elements));
        }

        return inputs;
    }

    private static InferenceInput ReadWholeTensor(ref Utf8JsonReader reader, OnnxValueInfo input, ServingLimits limits, ref long elements)
    {
        if (input.Type.Kind != OnnxValueKind.Tensor)
        {
            throw CrucibleException.Invalid($"input '{input.Name}' is {input.Type}, which a scoring request cannot carry");
        }

        Span<long> dims = stackalloc long[Math.Min(limits.MaxRank, 64)];
        var rank = TensorDataReader.InferShape(reader, dims, input.Name);
        long[] shape = [.. dims[..rank]];

        // A column of values for an [N,1] input: [1,2,3] is read as [[1],[2],[3]].
        if (input.Type.Shape is { } expected && expected.Count == rank + 1 && expected[^1] is { IsFixed: true, Value: 1 })
        {
            shape = [.. shape, 1];
        }

        if (shape.Length > 0 && shape[0] > limits.MaxBatchRows)
        {
            throw SignatureValidator.TooManyRows(shape[0], limits);
        }

        var count = TensorDataReader.ElementCount(shape, Math.Min(limits.MaxElements - elements, Array.MaxLength));
        if (count < 0)
        {
            throw CrucibleException.Invalid($"input '{input.Name}': the data takes the request past the limit of {limits.MaxElements} elements");
        }

        elements += count;
        var context = new ElementContext(input.Name, input.Type.ElementType, limits.MaxStringBytes);
        return new InferenceInput(input.Name, JsonTensorReader.Read(ref reader, shape, (int)count, context, allowScalar: true));
    }

    private static IReadOnlyList<InferenceInput> ReadRows(ref Utf8JsonReader reader, ScoringLayout layout, RowForm form, ServingLimits limits)
    {
        var probe = reader;
        long rows = 0;
        while (probe.Read() && probe.TokenType != JsonTokenType.EndArray)
        {
            if (++rows > limits.MaxBatchRows)
            {
                throw SignatureValidator.TooManyRows(rows, limits);
            }

            probe.Skip();
        }

        if (layout.NeedsInference && rows > 0)
        {
            var first = reader;
            first.Read();
            layout.InferFrom(first, form);
        }

        layout.Allocate(rows);
        Span<bool> seen = layout.Columns.Length <= 256 ? stackalloc bool[layout.Columns.Length] : new bool[layout.Columns.Length];
        var row = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            layout.ReadRow(ref reader, form, row++, seen);
        }

        return layout.ToInputs(rows);
    }

    private static List<string> ReadNames(ref Utf8JsonReader reader, ServingLimits limits, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw CrucibleException.Invalid($"{what} must be a list of names, got {JsonTokens.Describe(ref reader)}");
        }

        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (names.Count >= limits.MaxInputs)
            {
                throw CrucibleException.Invalid($"the data has more than {limits.MaxInputs} columns, the limit");
            }

            names.Add(reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                _ => throw CrucibleException.Invalid($"{what} must be a list of names, got {JsonTokens.Describe(ref reader)}"),
            });
        }

        return names;
    }
}
