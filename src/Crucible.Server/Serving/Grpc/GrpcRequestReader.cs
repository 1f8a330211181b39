using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;
using Crucible.Serving.Protocols;
using Crucible.Serving.Validation;
using Crucible.Server.Serving.Grpc.Wire;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace Crucible.Server.Serving.Grpc;

/// <summary>
/// Turns a gRPC <c>ModelInferRequest</c> into the protocol-neutral <see cref="InferenceRequest"/> the inference core
/// runs, with the same checks as the REST reader: names, datatypes and fixed dimensions against the signature, rows,
/// elements and string lengths against the limits (before anything is allocated), then
/// <see cref="SignatureValidator.Validate"/>. Data comes from each input's typed <c>contents</c> or, for every input
/// at once, from <c>raw_input_contents</c> (little-endian elements; BYTES as 4-byte length-prefixed elements).
/// </summary>
internal static class GrpcRequestReader
{
    public static InferenceRequest Read(ModelInferRequest message, ModelSignature signature, ServingLimits limits)
    {
        if (message.Inputs.Count > limits.MaxInputs)
        {
            throw CrucibleException.Invalid($"the request has {message.Inputs.Count} inputs, more than the limit of {limits.MaxInputs}");
        }

        var raw = message.RawInputContents.Count > 0;
        if (raw && message.RawInputContents.Count != message.Inputs.Count)
        {
            throw CrucibleException.Invalid(
                $"raw_input_contents has {message.RawInputContents.Count} entries for {message.Inputs.Count} inputs; give one per input, in the order of \"inputs\"");
        }

        var inputs = new List<InferenceInput>(message.Inputs.Count);
        long elements = 0;
        for (var i = 0; i < message.Inputs.Count; i++)
        {
            var input = message.Inputs[i];
            if (!signature.InputIndex.TryGetValue(input.Name, out var index))
            {
                throw SignatureValidator.UnknownInput(input.Name, signature);
            }

            var name = signature.Inputs[index].Name;
            if (!OnnxElementTypes.TryParseOipDatatype(input.Datatype, out var type))
            {
                throw CrucibleException.Invalid(
                    $"input '{name}': unknown datatype '{input.Datatype}'; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16, BYTES");
            }

            var shape = Shape(input.Shape, name, limits);
            SignatureValidator.CheckInput(name, signature.Inputs[index].Type, type, shape);
            if (shape.Length > 0 && shape[0] > limits.MaxBatchRows)
            {
                throw SignatureValidator.TooManyRows(shape[0], limits);
            }

            var count = TensorDataReader.ElementCount(shape, Math.Max(Math.Min(limits.MaxElements - elements, Array.MaxLength), 0));
            if (count < 0)
            {
                throw CrucibleException.Invalid($"input '{name}': shape {ShapeText.Format(shape)} takes the request past the limit of {limits.MaxElements} elements");
            }

            elements += count;
            OnnxTensor tensor;
            if (raw)
            {
                tensor = input.Contents is null
                    ? GrpcRawTensors.Read(message.RawInputContents[i], name, type, shape, (int)count, limits)
                    : throw CrucibleException.Invalid($"input '{name}' has \"contents\" while raw_input_contents is given; send every input one way");
            }
            else
            {
                tensor = Typed(input.Contents, name, type, shape, (int)count, limits);
            }

            inputs.Add(new InferenceInput(name, tensor));
        }

        var outputs = message.Outputs.Count == 0 ? null : message.Outputs.Select(o => o.Name).ToList();
        var request = new InferenceRequest(message.Id.Length == 0 ? null : message.Id, inputs, outputs, GrpcParameters.Read(message.Parameters));
        SignatureValidator.Validate(request, signature, limits);
        return request;
    }

    private static long[] Shape(RepeatedField<long> dims, string name, ServingLimits limits)
    {
        if (dims.Count > limits.MaxRank)
        {
            throw CrucibleException.Invalid($"input '{name}': shape has more than {limits.MaxRank} dimensions, the limit");
        }

        var shape = new long[dims.Count];
        for (var d = 0; d < shape.Length; d++)
        {
            shape[d] = dims[d] >= 0 ? dims[d] : throw CrucibleException.Invalid($"input '{name}': shape dimensions cannot be negative, got {dims[d]}");
        }

        return shape;
    }

    private static OnnxTensor Typed(InferTensorContents? contents, string name, OnnxElementType type, long[] shape, int count, ServingLimits limits)
    {
        contents ??= new InferTensorContents();
        return type switch
        {
            OnnxElementType.Fp32 => new OnnxTensor<float>(Take(contents.Fp32Contents, "fp32_contents", name, shape, count), shape),
            OnnxElementType.Fp64 => new OnnxTensor<double>(Take(contents.Fp64Contents, "fp64_contents", name, shape, count), shape),
            OnnxElementType.Int64 => new OnnxTensor<long>(Take(contents.Int64Contents, "int64_contents", name, shape, count), shape),
            OnnxElementType.Int32 => new OnnxTensor<int>(Take(contents.IntContents, "int_contents", name, shape, count), shape),
            OnnxElementType.Int16 => new OnnxTensor<short>(Narrow(contents.IntContents, "int_contents", name, shape, count, v => v is >= short.MinValue and <= short.MaxValue, v => (short)v), shape),
            OnnxElementType.Int8 => new OnnxTensor<sbyte>(Narrow(contents.IntContents, "int_contents", name, shape, count, v => v is >= sbyte.MinValue and <= sbyte.MaxValue, v => (sbyte)v), shape),
            OnnxElementType.Uint64 => new OnnxTensor<ulong>(Take(contents.Uint64Contents, "uint64_contents", name, shape, count), shape),
            OnnxElementType.Uint32 => new OnnxTensor<uint>(Take(contents.UintContents, "uint_contents", name, shape, count), shape),
            OnnxElementType.Uint16 => new OnnxTensor<ushort>(Narrow(contents.UintContents, "uint_contents", name, shape, count, v => v <= ushort.MaxValue, v => (ushort)v), shape),
            OnnxElementType.Uint8 => new OnnxTensor<byte>(Narrow(contents.UintContents, "uint_contents", name, shape, count, v => v <= byte.MaxValue, v => (byte)v), shape),
            OnnxElementType.Bool => new OnnxTensor<bool>(Take(contents.BoolContents, "bool_contents", name, shape, count), shape),
            OnnxElementType.Bytes => new OnnxTensor<string>(Strings(contents.BytesContents, name, shape, count, limits), shape),
            _ => throw CrucibleException.Invalid(
                $"input '{name}': {type.ToOipDatatype()} has no typed contents field; send it as raw_input_contents (little-endian element bytes)"),
        };
    }

    private static T[] Take<T>(RepeatedField<T> values, string field, string name, long[] shape, int count)
    {
        CheckCount(values.Count, field, name, shape, count);
        var data = new T[count];
        values.CopyTo(data, 0);
        return data;
    }

    private static TOut[] Narrow<TIn, TOut>(RepeatedField<TIn> values, string field, string name, long[] shape, int count, Func<TIn, bool> fits, Func<TIn, TOut> convert)
    {
        CheckCount(values.Count, field, name, shape, count);
        var data = new TOut[count];
        for (var e = 0; e < count; e++)
        {
            var value = values[e];
            data[e] = fits(value) ? convert(value) : throw CrucibleException.Invalid($"input '{name}': element {e} ({value}) is out of range for its datatype");
        }

        return data;
    }

    private static string[] Strings(RepeatedField<ByteString> values, string name, long[] shape, int count, ServingLimits limits)
    {
        CheckCount(values.Count, "bytes_contents", name, shape, count);
        var data = new string[count];
        for (var e = 0; e < count; e++)
        {
            data[e] = GrpcRawTensors.Utf8(values[e].Span, name, e, limits);
        }

        return data;
    }

    private static void CheckCount(int got, string field, string name, long[] shape, int count)
    {
        if (got != count)
        {
            throw CrucibleException.Invalid(
                $"input '{name}': shape {ShapeText.Format(shape)} needs {count} elements but contents.{field} has {got}" + (got == 0 ? " (send the data in that field, or as raw_input_contents)" : string.Empty));
        }
    }
}
