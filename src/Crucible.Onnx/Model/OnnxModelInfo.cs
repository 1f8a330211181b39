namespace Crucible.Onnx.Model;

/// <summary>
/// What <see cref="OnnxModelReader"/> learns from an ONNX file without running it: provenance, opsets, the signature
/// (inputs exclude initializers, as ONNX Runtime does), an operator inventory, constant sizes and external data.
/// </summary>
public sealed record OnnxModelInfo
{
    public required long IrVersion { get; init; }

    public required string ProducerName { get; init; }

    public required string ProducerVersion { get; init; }

    public required string Domain { get; init; }

    public required long ModelVersion { get; init; }

    public required string DocString { get; init; }

    public required string GraphName { get; init; }

    public required IReadOnlyList<OnnxOpsetImport> OpsetImports { get; init; }

    public required IReadOnlyList<OnnxValueInfo> Inputs { get; init; }

    public required IReadOnlyList<OnnxValueInfo> Outputs { get; init; }

    /// <summary>Number of initializers (constant tensors) in the main graph.</summary>
    public required int InitializerCount { get; init; }

    /// <summary>Bytes of initializer data in the main graph, whether stored inline or in external files.</summary>
    public required long InitializerBytes { get; init; }

    /// <summary>
    /// Node count per operator, sub-graphs included. Keys are the op type for the default domain ("MatMul") and
    /// "domain:op_type" otherwise ("ai.onnx.ml:ZipMap").
    /// </summary>
    public required IReadOnlyDictionary<string, int> OperatorHistogram { get; init; }

    public required IReadOnlyDictionary<string, string> MetadataProps { get; init; }

    /// <summary>Tensors whose data lives in files next to the model; empty for self-contained models.</summary>
    public required IReadOnlyList<OnnxExternalDataReference> ExternalData { get; init; }

    /// <summary>The opset version imported for a domain ("" or "ai.onnx" for the default domain), or null.</summary>
    public long? OpsetVersion(string domain)
    {
        var wanted = domain == "ai.onnx" ? string.Empty : domain;
        foreach (var o in OpsetImports)
        {
            if (o.Domain == wanted)
            {
                return o.Version;
            }
        }

        return null;
    }
}

/// <summary>An operator set the model imports. The default ONNX domain is reported as "".</summary>
public sealed record OnnxOpsetImport(string Domain, long Version);

/// <summary>A tensor whose bytes live in an external file, with the location relative to the model file.</summary>
public sealed record OnnxExternalDataReference(string TensorName, string Location, long? Offset, long? Length);
