using System.Globalization;
using Crucible.Onnx.Model;
using Crucible.Onnx.Proto;
using Google.Protobuf;

namespace Crucible.Optimization.Graph;

/// <summary>
/// Edits one parsed model's main graph in place: finds constant weights and the nodes that consume a value, hands
/// out value names that are not taken yet, and adds initializers and nodes. The rewrites build on it.
/// </summary>
internal sealed class GraphEditor
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly HashSet<string> _graphInputs;

    public GraphEditor(ModelProto model)
    {
        Model = model;
        Graph = model.Graph;
        _initializers = Graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        _graphInputs = new HashSet<string>(Graph.Input.Select(i => i.Name), StringComparer.Ordinal);
        foreach (var name in Graph.Input.Select(i => i.Name).Concat(_initializers.Keys).Concat(Graph.Node.SelectMany(n => n.Output.Concat([n.Name]))))
        {
            _names.Add(name);
        }
    }

    public ModelProto Model { get; }

    public GraphProto Graph { get; }

    /// <summary>Parses <paramref name="model"/> with the project's validation (OnnxModelReader) and opens it for editing.</summary>
    public static GraphEditor Open(ReadOnlySpan<byte> model) => new(OnnxModelReader.Parse(model));

    /// <summary>
    /// The constant behind <paramref name="name"/>: an initializer that is not also a graph input (a graph input of the
    /// same name would let a caller override it, so it is not a constant), with its data in the file.
    /// </summary>
    public TensorProto? Constant(string name) =>
        _initializers.TryGetValue(name, out var tensor) && !_graphInputs.Contains(name) && tensor.DataLocation != TensorProto.Types.DataLocation.External
            ? tensor
            : null;

    /// <summary>How many nodes read <paramref name="name"/>, plus one when it is a graph output.</summary>
    public int Uses(string name) =>
        Graph.Node.Sum(n => n.Input.Count(i => i == name)) + Graph.Output.Count(o => o.Name == name);

    /// <summary>A value or node name starting with <paramref name="stem"/> that is not used anywhere in the graph yet.</summary>
    public string Fresh(string stem)
    {
        var name = stem;
        for (var i = 1; !_names.Add(name); i++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{stem}_{i}");
        }

        return name;
    }

    public string AddInitializer(TensorProto tensor)
    {
        tensor.Name = Fresh(tensor.Name);
        Graph.Initializer.Add(tensor);
        _initializers[tensor.Name] = tensor;
        return tensor.Name;
    }

    /// <summary>Removes initializers no node and no graph output reads any more (the float weights a rewrite replaced).</summary>
    public int DropUnusedInitializers()
    {
        var read = new HashSet<string>(Graph.Node.SelectMany(n => n.Input).Concat(Graph.Output.Select(o => o.Name)), StringComparer.Ordinal);
        var dropped = 0;
        for (var i = Graph.Initializer.Count - 1; i >= 0; i--)
        {
            var name = Graph.Initializer[i].Name;
            if (!read.Contains(name) && !_graphInputs.Contains(name))
            {
                Graph.Initializer.RemoveAt(i);
                _initializers.Remove(name);
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>A node of the default domain with fresh output names derived from its name.</summary>
    public static NodeProto Node(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var node = new NodeProto { OpType = opType, Name = name, Domain = string.Empty };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, I = value, Type = AttributeProto.Types.AttributeType.Int };

    /// <summary>The default-domain opset the model imports (0 when none is declared).</summary>
    public long DefaultOpset => Model.OpsetImport.Where(o => o.Domain.Length == 0 || o.Domain == "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();

    /// <summary>Raises the default-domain opset to at least <paramref name="version"/> (the ops a rewrite adds need it).</summary>
    public void RequireOpset(long version)
    {
        var entry = Model.OpsetImport.FirstOrDefault(o => o.Domain.Length == 0 || o.Domain == "ai.onnx");
        if (entry is null)
        {
            Model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = version });
        }
        else if (entry.Version < version)
        {
            entry.Version = version;
        }
    }

    public byte[] ToBytes() => Model.ToByteArray();
}
