using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Hosting;
using Crucible.Serving.Protocols;
using Crucible.Server.Serving.Grpc.Wire;
using Google.Protobuf.Collections;

namespace Crucible.Server.Serving.Grpc;

/// <summary>
/// Builds a gRPC <c>ModelInferResponse</c> from what the inference core answered. Outputs go out as raw contents when
/// the request sent raw inputs, or when an output is FP16 or BF16 (which have no typed field); otherwise typed, in the
/// field of their datatype. Only tensors have a protocol form: anything else is refused, as over REST.
/// </summary>
internal static class GrpcResponseWriter
{
    public static ModelInferResponse Write(InferenceResult result, bool rawInputs)
    {
        var raw = rawInputs;
        foreach (var output in result.Outputs)
        {
            TensorJson.CheckWritable(output);
            raw |= ((OnnxTensor)output.Value).ElementType is OnnxElementType.Fp16 or OnnxElementType.Bf16;
        }

        var response = new ModelInferResponse { ModelName = result.Deployment, ModelVersion = result.Version, Id = result.RequestId };
        GrpcParameters.Write(result.Parameters, response.Parameters);
        foreach (var output in result.Outputs)
        {
            var tensor = (OnnxTensor)output.Value;
            var described = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = tensor.ElementType.ToOipDatatype() };
            described.Shape.AddRange(tensor.Shape);
            if (raw)
            {
                response.RawOutputContents.Add(GrpcRawTensors.Write(tensor));
            }
            else
            {
                described.Contents = Typed(tensor);
            }

            response.Outputs.Add(described);
        }

        return response;
    }

    private static InferTensorContents Typed(OnnxTensor tensor)
    {
        var contents = new InferTensorContents();
        switch (tensor.ElementType)
        {
            case OnnxElementType.Fp32: Add(contents.Fp32Contents, tensor.AsSpan<float>()); break;
            case OnnxElementType.Fp64: Add(contents.Fp64Contents, tensor.AsSpan<double>()); break;
            case OnnxElementType.Int64: Add(contents.Int64Contents, tensor.AsSpan<long>()); break;
            case OnnxElementType.Int32: Add(contents.IntContents, tensor.AsSpan<int>()); break;
            case OnnxElementType.Int16: Widen(contents.IntContents, tensor.AsSpan<short>(), v => v); break;
            case OnnxElementType.Int8: Widen(contents.IntContents, tensor.AsSpan<sbyte>(), v => v); break;
            case OnnxElementType.Uint64: Add(contents.Uint64Contents, tensor.AsSpan<ulong>()); break;
            case OnnxElementType.Uint32: Add(contents.UintContents, tensor.AsSpan<uint>()); break;
            case OnnxElementType.Uint16: Widen(contents.UintContents, tensor.AsSpan<ushort>(), v => v); break;
            case OnnxElementType.Uint8: Widen(contents.UintContents, tensor.AsSpan<byte>(), v => v); break;
            case OnnxElementType.Bool: Add(contents.BoolContents, tensor.AsSpan<bool>()); break;
            default:
                foreach (var value in tensor.AsSpan<string>())
                {
                    contents.BytesContents.Add(Google.Protobuf.ByteString.CopyFromUtf8(value));
                }

                break;
        }

        return contents;
    }

    private static void Add<T>(RepeatedField<T> field, ReadOnlySpan<T> values)
    {
        foreach (var value in values)
        {
            field.Add(value);
        }
    }

    private static void Widen<TIn, TOut>(RepeatedField<TOut> field, ReadOnlySpan<TIn> values, Func<TIn, TOut> widen)
    {
        foreach (var value in values)
        {
            field.Add(widen(value));
        }
    }
}
