using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;
using Crucible.Serving.Validation;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Reads an Open Inference Protocol v2 REST inference request
/// (<c>{"id"?, "parameters"?, "inputs":[{"name","shape","datatype","parameters"?,"data"}], "outputs"?:[{"name"}]}</c>)
/// straight into typed tensors with <see cref="Utf8JsonReader"/>: no DOM, no per-element allocation. Properties may
/// come in any order: when <c>"data"</c> comes before the name, shape or datatype, its offset is remembered and it is
/// read once the input's object is complete. Limits are checked before anything is allocated, and the result is
/// validated against the signature. Any bad input is a <see cref="CrucibleException.Invalid"/>.
/// </summary>
public static class OipRequestReader
{
    internal static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    private const int MaxShapeRank = 64;

    public static InferenceRequest Read(ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(limits);
        if (json.Length > limits.MaxBodyBytes)
        {
            throw CrucibleException.Invalid($"the request body has {json.Length} bytes, more than the limit of {limits.MaxBodyBytes}");
        }

        return JsonRequestBody.Read(json, signature, limits, ReadRequest);
    }

    private static InferenceRequest ReadRequest(ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits)
    {
        var reader = new Utf8JsonReader(json, Options);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw CrucibleException.Invalid($"the request must be a JSON object with \"inputs\", got {JsonTokens.Describe(ref reader)}");
        }

        string? id = null;
        Dictionary<string, object>? parameters = null;
        List<InferenceInput>? inputs = null;
        List<string>? outputs = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                inputs = inputs is null ? ReadInputs(ref reader, json, signature, limits) : throw Duplicate("inputs");
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String
                    ? reader.GetString()
                    : throw CrucibleException.Invalid($"\"id\" must be a string, got {JsonTokens.Describe(ref reader)}");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                parameters = ParameterReader.Read(ref reader, "request parameters");
                if (ParameterReader.AsksForBinary(parameters, "binary_data_output"))
                {
                    throw BinaryNotSupported("binary_data_output");
                }
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                outputs = ReadOutputs(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            throw CrucibleException.Invalid("request body has content after the request object");
        }

        return inputs is null
            ? throw CrucibleException.Invalid("the request has no \"inputs\"; expected {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}")
            : new InferenceRequest(id, inputs, outputs, parameters);
    }

    private static List<InferenceInput> ReadInputs(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw CrucibleException.Invalid($"\"inputs\" must be a list of input objects, got {JsonTokens.Describe(ref reader)}");
        }

        var inputs = new List<InferenceInput>(signature.Inputs.Count);
        long elements = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (inputs.Count >= limits.MaxInputs)
            {
                throw CrucibleException.Invalid($"the request has more than {limits.MaxInputs} inputs, the limit");
            }

            inputs.Add(ReadInput(ref reader, json, signature, limits, inputs.Count, ref elements));
        }

        return inputs;
    }

    private static InferenceInput ReadInput(
        ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits, int position, ref long elements)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw CrucibleException.Invalid($"input #{position} must be an object with \"name\", \"shape\", \"datatype\" and \"data\", got {JsonTokens.Describe(ref reader)}");
        }

        string? name = null;
        var index = -1;
        var type = OnnxElementType.Undefined;
        long[]? shape = null;
        var dataOffset = -1;
        OnnxTensor? tensor = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (dataOffset >= 0 || tensor is not null)
                {
                    throw Duplicate("data", name);
                }

                if (name is not null && type != OnnxElementType.Undefined && shape is not null)
                {
                    tensor = ReadData(ref reader, signature, limits, index, name, type, shape, ref elements);
                }
                else
                {
                    dataOffset = checked((int)reader.TokenStartIndex);
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (name is not null)
                {
                    throw Duplicate("name", name);
                }

                (name, index) = ReadName(ref reader, signature, position);
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                if (type != OnnxElementType.Undefined)
                {
                    throw Duplicate("datatype", name);
                }

                type = ReadDatatype(ref reader, name ?? $"#{position}");
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                if (shape is not null)
                {
                    throw Duplicate("shape", name);
                }

                shape = ReadShape(ref reader, limits, name ?? $"#{position}");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                var parameters = ParameterReader.Read(ref reader, $"input '{name ?? "#" + position}' parameters");
                if (parameters.ContainsKey("binary_data_size"))
                {
                    throw BinaryNotSupported("binary_data_size");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (name is null)
        {
            throw CrucibleException.Invalid($"input #{position} has no \"name\"");
        }

        if (type == OnnxElementType.Undefined)
        {
            throw CrucibleException.Invalid($"input '{name}' has no \"datatype\"");
        }

        if (shape is null)
        {
            throw CrucibleException.Invalid($"input '{name}' has no \"shape\"");
        }

        if (tensor is null)
        {
            if (dataOffset < 0)
            {
                throw CrucibleException.Invalid($"input '{name}' has no \"data\"");
            }

            var data = new Utf8JsonReader(json[dataOffset..], Options);
            data.Read();
            tensor = ReadData(ref data, signature, limits, index, name, type, shape, ref elements);
        }

        return new InferenceInput(name, tensor);
    }

    private static OnnxTensor ReadData(
        ref Utf8JsonReader reader, ModelSignature signature, ServingLimits limits, int index, string name, OnnxElementType type, long[] shape, ref long elements)
    {
        // Datatype and shape are checked against the model before the data is touched, for the clearest message.
        SignatureValidator.CheckInput(name, signature.Inputs[index].Type, type, shape);
        if (shape.Length > 0 && shape[0] > limits.MaxBatchRows)
        {
            throw SignatureValidator.TooManyRows(shape[0], limits);
        }

        var room = Math.Min(limits.MaxElements - elements, Array.MaxLength);
        var count = TensorDataReader.ElementCount(shape, Math.Max(room, 0));
        if (count < 0)
        {
            throw CrucibleException.Invalid(
                $"input '{name}': shape {ShapeText.Format(shape)} takes the request past the limit of {limits.MaxElements} elements");
        }

        elements += count;
        return JsonTensorReader.Read(ref reader, shape, (int)count, new ElementContext(name, type, limits.MaxStringBytes));
    }

    private static (string Name, int Index) ReadName(ref Utf8JsonReader reader, ModelSignature signature, int position)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw CrucibleException.Invalid($"input #{position}: \"name\" must be a string, got {JsonTokens.Describe(ref reader)}");
        }

        var inputs = signature.Inputs;
        if (inputs.Count <= 8)
        {
            // Compare in UTF-8 and reuse the signature's string: no allocation for the usual few inputs.
            for (var i = 0; i < inputs.Count; i++)
            {
                if (reader.ValueTextEquals(inputs[i].Name))
                {
                    return (inputs[i].Name, i);
                }
            }

            throw SignatureValidator.UnknownInput(reader.GetString()!, signature);
        }

        var name = reader.GetString()!;
        return signature.InputIndex.TryGetValue(name, out var index) ? (signature.Inputs[index].Name, index) : throw SignatureValidator.UnknownInput(name, signature);
    }

    private static OnnxElementType ReadDatatype(ref Utf8JsonReader reader, string input)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw CrucibleException.Invalid($"input '{input}': \"datatype\" must be a string, got {JsonTokens.Describe(ref reader)}");
        }

        var type = reader.ValueIsEscaped ? ParseName(reader.GetString()!) : Parse(reader.ValueSpan);
        return type != OnnxElementType.Undefined
            ? type
            : throw CrucibleException.Invalid(
                $"input '{input}': unknown datatype {JsonTokens.Describe(ref reader)}; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES");

        static OnnxElementType ParseName(string text) => OnnxElementTypes.TryParseOipDatatype(text, out var t) ? t : OnnxElementType.Undefined;
    }

    private static OnnxElementType Parse(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("FP32"u8) ? OnnxElementType.Fp32
        : text.SequenceEqual("INT64"u8) ? OnnxElementType.Int64
        : text.SequenceEqual("FP64"u8) ? OnnxElementType.Fp64
        : text.SequenceEqual("INT32"u8) ? OnnxElementType.Int32
        : text.SequenceEqual("BYTES"u8) ? OnnxElementType.Bytes
        : text.SequenceEqual("BOOL"u8) ? OnnxElementType.Bool
        : text.SequenceEqual("FP16"u8) ? OnnxElementType.Fp16
        : text.SequenceEqual("INT8"u8) ? OnnxElementType.Int8
        : text.SequenceEqual("INT16"u8) ? OnnxElementType.Int16
        : text.SequenceEqual("UINT8"u8) ? OnnxElementType.Uint8
        : text.SequenceEqual("UINT16"u8) ? OnnxElementType.Uint16
        : text.SequenceEqual("UINT32"u8) ? OnnxElementType.Uint32
        : text.SequenceEqual("UINT64"u8) ? OnnxElementType.Uint64
        : text.SequenceEqual("BF16"u8) ? OnnxElementType.Bf16
        : OnnxElementType.Undefined;

    private static long[] ReadShape(ref Utf8JsonReader reader, ServingLimits limits, string input)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw CrucibleException.Invalid($"input '{input}': \"shape\" must be a list of integers, got {JsonTokens.Describe(ref reader)}");
        }

        var maxRank = Math.Min(limits.MaxRank, MaxShapeRank);
        Span<long> dims = stackalloc long[MaxShapeRank];
        var rank = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (rank >= maxRank)
            {
                throw CrucibleException.Invalid($"input '{input}': shape has more than {maxRank} dimensions, the limit");
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var d))
            {
                throw CrucibleException.Invalid($"input '{input}': \"shape\" must be a list of integers, got {JsonTokens.Describe(ref reader)}");
            }

            if (d < 0)
            {
                throw CrucibleException.Invalid($"input '{input}': shape dimensions cannot be negative, got {d}");
            }

            dims[rank++] = d;
        }

        return dims[..rank].ToArray();
    }

    private static List<string> ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw CrucibleException.Invalid($"\"outputs\" must be a list of {{\"name\"}} objects, got {JsonTokens.Describe(ref reader)}");
        }

        var outputs = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw CrucibleException.Invalid($"\"outputs\" must be a list of {{\"name\"}} objects, got {JsonTokens.Describe(ref reader)}");
            }

            string? name = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    name = reader.TokenType == JsonTokenType.String
                        ? reader.GetString()
                        : throw CrucibleException.Invalid($"output #{outputs.Count}: \"name\" must be a string, got {JsonTokens.Describe(ref reader)}");
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    var parameters = ParameterReader.Read(ref reader, $"output #{outputs.Count} parameters");
                    if (ParameterReader.AsksForBinary(parameters, "binary_data"))
                    {
                        throw BinaryNotSupported("binary_data");
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            outputs.Add(name ?? throw CrucibleException.Invalid($"output #{outputs.Count} has no \"name\""));
        }

        return outputs;
    }

    private static CrucibleException Duplicate(string property, string? input = null) =>
        CrucibleException.Invalid(input is null ? $"duplicate property \"{property}\"" : $"input '{input}': duplicate property \"{property}\"");

    private static CrucibleException BinaryNotSupported(string parameter) =>
        CrucibleException.Invalid(
            $"the binary tensor data extension (\"{parameter}\") is not supported; send tensors as JSON \"data\" and read outputs from the JSON response");
}
