using System.Globalization;
using Crucible.Onnx.Proto;

namespace Crucible.Onnx.Model;

/// <summary>Turns a parsed <see cref="ModelProto"/> into the <see cref="OnnxModelInfo"/> summary.</summary>
internal static class OnnxModelDescriber
{
    public static OnnxModelInfo Describe(ModelProto model)
    {
        var graph = model.Graph;
        var initializerNames = new HashSet<string>(graph.Initializer.Select(t => t.Name), StringComparer.Ordinal);
        var histogram = new SortedDictionary<string, int>(StringComparer.Ordinal);
        CountOperators(graph, histogram);

        var external = new List<OnnxExternalDataReference>();
        long bytes = 0;
        foreach (var t in graph.Initializer)
        {
            bytes += OnnxTensorSizes.DataBytes(t);
            if (ExternalReference(t) is { } reference)
            {
                external.Add(reference);
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in model.MetadataProps)
        {
            metadata[p.Key] = p.Value;
        }

        return new OnnxModelInfo
        {
            IrVersion = model.IrVersion,
            ProducerName = model.ProducerName,
            ProducerVersion = model.ProducerVersion,
            Domain = model.Domain,
            ModelVersion = model.ModelVersion,
            DocString = model.DocString,
            GraphName = graph.Name,
            OpsetImports = model.OpsetImport
                .Select(o => new OnnxOpsetImport(o.Domain == "ai.onnx" ? string.Empty : o.Domain, o.Version)).ToArray(),
            Inputs = graph.Input.Where(i => !initializerNames.Contains(i.Name)).Select(ToValueInfo).ToArray(),
            Outputs = graph.Output.Select(ToValueInfo).ToArray(),
            InitializerCount = graph.Initializer.Count,
            InitializerBytes = bytes,
            OperatorHistogram = histogram,
            MetadataProps = metadata,
            ExternalData = external,
        };
    }

    /// <summary>The histogram key of an operator: "MatMul" in the default domain, "ai.onnx.ml:ZipMap" elsewhere.</summary>
    public static string OperatorKey(string domain, string opType) =>
        domain.Length == 0 || domain == "ai.onnx" ? opType : domain + ":" + opType;

    private static OnnxValueInfo ToValueInfo(ValueInfoProto v) => new(v.Name, OnnxProtoTypes.ToValueType(v.Type), v.DocString);

    private static void CountOperators(GraphProto graph, SortedDictionary<string, int> histogram)
    {
        foreach (var node in graph.Node)
        {
            var key = OperatorKey(node.Domain, node.OpType);
            histogram[key] = histogram.GetValueOrDefault(key) + 1;
            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is { } sub)
                {
                    CountOperators(sub, histogram);
                }

                foreach (var g in attribute.Graphs)
                {
                    CountOperators(g, histogram);
                }
            }
        }
    }

    private static OnnxExternalDataReference? ExternalReference(TensorProto tensor)
    {
        if (tensor.DataLocation != TensorProto.Types.DataLocation.External)
        {
            return null;
        }

        string location = string.Empty;
        long? offset = null, length = null;
        foreach (var e in tensor.ExternalData)
        {
            switch (e.Key)
            {
                case "location":
                    location = e.Value;
                    break;
                case "offset":
                    offset = ParseLong(e.Value);
                    break;
                case "length":
                    length = ParseLong(e.Value);
                    break;
            }
        }

        return new OnnxExternalDataReference(tensor.Name, location, offset, length);
    }

    private static long? ParseLong(string s) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
