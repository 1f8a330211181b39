using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Proto;

namespace Crucible.Optimization.Graph;

/// <summary>
/// The structural rules of the ONNX checker that Crucible enforces on every graph it writes, on top of the ones
/// <see cref="OnnxModelReader"/> applies to every model it reads (IR version, graph, opset imports, outputs):
/// every value is produced once (SSA); every node reads only graph inputs, initializers or outputs of earlier nodes
/// (topological order); every graph output is produced; every node's domain has an opset import; node names are
/// unique; inline initializers hold as many values as their shape says. A rule broken throws
/// <see cref="CrucibleException"/> (InvalidParameterValue) naming the node or value.
/// </summary>
public static class OnnxGraphChecker
{
    public static void Check(ReadOnlySpan<byte> model) => Check(OnnxModelReader.Parse(model));

    internal static void Check(ModelProto model)
    {
        var graph = model.Graph;
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in graph.Input.Select(i => i.Name).Concat(graph.Initializer.Select(i => i.Name)).Distinct(StringComparer.Ordinal))
        {
            defined.Add(name);
        }

        foreach (var tensor in graph.Initializer)
        {
            CheckInitializer(tensor);
        }

        var domains = new HashSet<string>(model.OpsetImport.Select(o => Domain(o.Domain)), StringComparer.Ordinal);
        var nodeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            var label = node.Name.Length > 0 ? $"node '{node.Name}' ({node.OpType})" : $"a {node.OpType} node";
            if (node.OpType.Length == 0)
            {
                throw Broken($"a node named '{node.Name}' has no op_type");
            }

            if (node.Name.Length > 0 && !nodeNames.Add(node.Name))
            {
                throw Broken($"two nodes are named '{node.Name}'");
            }

            if (!domains.Contains(Domain(node.Domain)))
            {
                throw Broken($"{label} uses domain '{Domain(node.Domain)}', which the model imports no opset for");
            }

            foreach (var input in node.Input.Where(i => i.Length > 0 && !defined.Contains(i)))
            {
                throw Broken($"{label} reads '{input}', which no graph input, initializer or earlier node defines");
            }

            foreach (var output in node.Output.Where(o => o.Length > 0))
            {
                if (!defined.Add(output))
                {
                    throw Broken($"{label} writes '{output}', which is already defined (values must be assigned once)");
                }
            }
        }

        foreach (var output in graph.Output.Where(o => !defined.Contains(o.Name)))
        {
            throw Broken($"graph output '{output.Name}' is produced by no node, input or initializer");
        }
    }

    private static void CheckInitializer(TensorProto tensor)
    {
        if (tensor.Name.Length == 0)
        {
            throw Broken("an initializer has no name");
        }

        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.RawData.Length == 0)
        {
            return;
        }

        var size = ((OnnxElementType)tensor.DataType).SizeInBytes();
        if (size > 0 && tensor.RawData.Length != TensorData.Count(tensor) * size)
        {
            throw Broken($"initializer '{tensor.Name}' has {tensor.RawData.Length} bytes of data but its shape [{string.Join(',', tensor.Dims)}] needs {TensorData.Count(tensor) * size}");
        }
    }

    private static string Domain(string domain) => domain == "ai.onnx" ? string.Empty : domain;

    private static CrucibleException Broken(string reason) => new(ErrorCode.InvalidParameterValue, "invalid ONNX graph: " + reason);
}
