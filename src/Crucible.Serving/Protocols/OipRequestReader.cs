using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Hosting;
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
        CheckSize(json, signature, limits);
        return JsonRequestBody.Read(json, signature, limits, static (body, s, l) => ReadRequest(body, -1, s, l));
    }

    /// <summary>
    /// The parser of a request in the binary tensor data extension's form: a JSON header of
    /// <paramref name="headerLength"/> bytes (the <c>Inference-Header-Content-Length</c> header), then the raw bytes of
    /// the inputs that declare <c>"binary_data_size"</c>, in input order.
    /// </summary>
    public static RequestParser Binary(int headerLength) => (body, signature, limits) =>
    {
        CheckSize(body, signature, limits);
        if (headerLength < 0 || headerLength > body.Length)
        {
            throw CrucibleException.Invalid(
                $"{BinaryHeader} is {headerLength}, but the request body has {body.Length} bytes; it must be the length of the JSON header at the body's start");
        }

        return JsonRequestBody.Read(body, signature, limits, (b, s, l) => ReadRequest(b, headerLength, s, l));
    };

    /// <summary>The HTTP header of the binary tensor data extension: the length of the JSON part of the body.</summary>
    public const string BinaryHeader = "Inference-Header-Content-Length";

    private static void CheckSize(ReadOnlySpan<byte> body, ModelSignature signature, ServingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(limits);
        if (body.Length > limits.MaxBodyBytes)
        {
            throw CrucibleException.Invalid($"the request body has {body.Length} bytes, more than the limit of {limits.MaxBodyBytes}");
        }
    }

    /// <summary>Reads a request; with <paramref name="headerLength"/> at least 0 the JSON is that prefix and the rest is binary tensor data.</summary>
    private static InferenceRequest ReadRequest(ReadOnlySpan<byte> body, int headerLength, ModelSignature signature, ServingLimits limits)
    {
        var json = headerLength < 0 ? body : body[..headerLength];
        var binary = new BinarySection(headerLength < 0 ? default : body[headerLength..], headerLength >= 0);
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
                inputs = inputs is null ? ReadInputs(ref reader, json, ref binary, signature, limits) : throw Duplicate("inputs");
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
            throw CrucibleException.Invalid(binary.Present
                ? $"the JSON header ({BinaryHeader}: {headerLength}) has content after the request object"
                : "request body has content after the request object");
        }

        if (binary.Offset != binary.Bytes.Length)
        {
            throw CrucibleException.Invalid(
                $"the body has {binary.Bytes.Length} bytes after the JSON header, but the inputs' binary_data_size add up to {binary.Offset}");
        }

        return inputs is null
            ? throw CrucibleException.Invalid("the request has no \"inputs\"; expected {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}")
            : new InferenceRequest(id, inputs, outputs, parameters);
    }

    private static List<InferenceInput> ReadInputs(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref BinarySection binary, ModelSignature signature, ServingLimits limits)
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

            inputs.Add(ReadInput(ref reader, json, ref binary, signature, limits, inputs.Count, ref elements));
        }

        return inputs;
    }

    private static InferenceInput ReadInput(
        ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref BinarySection binary, ModelSignature signature, ServingLimits limits, int position, ref long elements)
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
        long binarySize = -1;
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
                if (parameters.TryGetValue("binary_data_size", out var size))
                {
                    binarySize = BinarySize(size, name ?? $"#{position}", binary.Present);
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

        if (binarySize >= 0)
        {
            if (tensor is not null || dataOffset >= 0)
            {
                throw CrucibleException.Invalid($"input '{name}' has both \"data\" and binary_data_size; send one of them");
            }

            var bytes = binary.Take(binarySize, name);
            tensor = ReadData(bytes, signature, limits, index, name, type, shape, ref elements);
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
        var count = CheckData(signature, limits, index, name, type, shape, ref elements);
        return JsonTensorReader.Read(ref reader, shape, count, new ElementContext(name, type, limits.MaxStringBytes));
    }

    private static OnnxTensor ReadData(
        ReadOnlySpan<byte> bytes, ModelSignature signature, ServingLimits limits, int index, string name, OnnxElementType type, long[] shape, ref long elements)
    {
        var count = CheckData(signature, limits, index, name, type, shape, ref elements);
        return BinaryTensorReader.Read(bytes, shape, count, new ElementContext(name, type, limits.MaxStringBytes));
    }

    /// <summary>Checks an input's datatype and shape against the model and the limits before its data is read; returns its element count.</summary>
    private static int CheckData(ModelSignature signature, ServingLimits limits, int index, string name, OnnxElementType type, long[] shape, ref long elements)
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
        return (int)count;
    }

    private static long BinarySize(object value, string input, bool present)
    {
        if (!present)
        {
            throw CrucibleException.Invalid(
                $"input '{input}' has binary_data_size, but the request has no {BinaryHeader} header; the binary tensor data extension needs it (the length of the JSON part of the body)");
        }

        return value is long size and >= 0 and <= int.MaxValue
            ? size
            : throw CrucibleException.Invalid($"input '{input}': binary_data_size must be a non-negative integer of bytes, got {value}");
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
            $"binary outputs (\"{parameter}\") are not supported: outputs come as JSON \"data\" (binary inputs with binary_data_size and the {BinaryHeader} header are)");

    /// <summary>The body after the JSON header, handed out input by input.</summary>
    private ref struct BinarySection(ReadOnlySpan<byte> bytes, bool present)
    {
        public readonly ReadOnlySpan<byte> Bytes = bytes;

        public readonly bool Present = present;

        public int Offset;

        public ReadOnlySpan<byte> Take(long size, string input)
        {
            if (size > Bytes.Length - Offset)
            {
                throw CrucibleException.Invalid(
                    $"input '{input}': binary_data_size is {size} bytes, but only {Bytes.Length - Offset} bytes of binary data are left after the JSON header");
            }

            var taken = Bytes.Slice(Offset, (int)size);
            Offset += (int)size;
            return taken;
        }
    }
}
