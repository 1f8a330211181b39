using System.Runtime.InteropServices;
using Crucible.Onnx.Model;
using Crucible.Onnx.Proto;
using Google.Protobuf;

namespace Crucible.Onnx.Writing;

/// <summary>
/// Builds small ONNX models in code: declare inputs, outputs, initializers and nodes, then call <see cref="ToBytes"/>.
/// Used by the built-in trainers to export models and by tests to make fixtures. Opsets default to ai.onnx 17 and,
/// when an ai.onnx.ml node is present, ai.onnx.ml 3.
/// </summary>
/// <example><code>
/// var bytes = new OnnxModelBuilder("linear")
///     .Input("x", OnnxElementType.Fp32, "batch", 4)
///     .Output("y", OnnxElementType.Fp32, "batch", 1)
///     .Initializer("w", new float[] { 1, 2, 3, 4 }, 4, 1)
///     .Node("MatMul", ["x", "w"], ["y"])
///     .ToBytes();
/// </code></example>
public sealed class OnnxModelBuilder
{
    /// <summary>The IR version written by default: IR 8 goes with opset 17 and loads in every ONNX Runtime since 1.13.</summary>
    public const long DefaultIrVersion = 8;

    private readonly ModelProto _model;

    public OnnxModelBuilder(string graphName = "main", string producerName = "crucible", string producerVersion = "")
    {
        _model = new ModelProto
        {
            IrVersion = DefaultIrVersion,
            ProducerName = producerName,
            ProducerVersion = producerVersion,
            Graph = new GraphProto { Name = graphName },
        };
    }

    public OnnxModelBuilder IrVersion(long version)
    {
        _model.IrVersion = version;
        return this;
    }

    /// <summary>Imports an operator set; use "" for the default ONNX domain.</summary>
    public OnnxModelBuilder Opset(string domain, long version)
    {
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        return this;
    }

    public OnnxModelBuilder Metadata(string key, string value)
    {
        _model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return this;
    }

    public OnnxModelBuilder DocString(string doc)
    {
        _model.DocString = doc;
        return this;
    }

    public OnnxModelBuilder ModelVersion(long version, string domain = "")
    {
        _model.ModelVersion = version;
        _model.Domain = domain;
        return this;
    }

    public OnnxModelBuilder Input(string name, OnnxElementType type, params IReadOnlyList<OnnxDimension> shape) =>
        Input(name, OnnxValueType.Tensor(type, shape));

    public OnnxModelBuilder Input(string name, OnnxValueType type)
    {
        _model.Graph.Input.Add(new ValueInfoProto { Name = name, Type = OnnxProtoTypes.ToProto(type) });
        return this;
    }

    public OnnxModelBuilder Output(string name, OnnxElementType type, params IReadOnlyList<OnnxDimension> shape) =>
        Output(name, OnnxValueType.Tensor(type, shape));

    public OnnxModelBuilder Output(string name, OnnxValueType type)
    {
        _model.Graph.Output.Add(new ValueInfoProto { Name = name, Type = OnnxProtoTypes.ToProto(type) });
        return this;
    }

    /// <summary>Adds a constant tensor of a fixed-size element type, stored little-endian in raw_data.</summary>
    public OnnxModelBuilder Initializer<T>(string name, ReadOnlySpan<T> data, params ReadOnlySpan<long> dims)
        where T : unmanaged
    {
        var type = OnnxElementTypes.FromClrType(typeof(T));
        if (type == OnnxElementType.Undefined)
        {
            throw new ArgumentException($"{typeof(T).Name} has no ONNX element type", nameof(data));
        }

        var tensor = NewTensor(name, type, dims, data.Length);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        _model.Graph.Initializer.Add(tensor);
        return this;
    }

    public OnnxModelBuilder Initializer<T>(string name, T[] data, params ReadOnlySpan<long> dims)
        where T : unmanaged => Initializer(name, (ReadOnlySpan<T>)data, dims);

    /// <summary>Adds a constant string tensor.</summary>
    public OnnxModelBuilder Initializer(string name, IReadOnlyList<string> data, params ReadOnlySpan<long> dims)
    {
        var tensor = NewTensor(name, OnnxElementType.Bytes, dims, data.Count);
        foreach (var s in data)
        {
            tensor.StringData.Add(ByteString.CopyFromUtf8(s));
        }

        _model.Graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>Adds a node; <paramref name="attributes"/> fills its attributes.</summary>
    public OnnxModelBuilder Node(
        string opType,
        IReadOnlyList<string> inputs,
        IReadOnlyList<string> outputs,
        Action<OnnxAttributes>? attributes = null,
        string domain = "",
        string? name = null)
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = name ?? $"{opType}_{_model.Graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        attributes?.Invoke(new OnnxAttributes(node.Attribute));
        _model.Graph.Node.Add(node);
        return this;
    }

    /// <summary>Serializes the model.</summary>
    public byte[] ToBytes() => ToProto().ToByteArray();

    internal ModelProto ToProto()
    {
        var model = _model.Clone();
        if (!model.OpsetImport.Any(o => o.Domain.Length == 0 || o.Domain == "ai.onnx"))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        }

        if (model.Graph.Node.Any(n => n.Domain == OnnxMlNodes.Domain) && !model.OpsetImport.Any(o => o.Domain == OnnxMlNodes.Domain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxMlNodes.Domain, Version = 3 });
        }

        return model;
    }

    private static TensorProto NewTensor(string name, OnnxElementType type, ReadOnlySpan<long> dims, int count)
    {
        long expected = 1;
        foreach (var d in dims)
        {
            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException($"initializer '{name}' has {count} elements but its shape holds {expected}", nameof(dims));
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type };
        foreach (var d in dims)
        {
            tensor.Dims.Add(d);
        }

        return tensor;
    }
}
