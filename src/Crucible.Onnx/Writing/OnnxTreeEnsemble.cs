namespace Crucible.Onnx.Writing;

/// <summary>
/// The node table of an ai.onnx.ml tree ensemble, filled branch by branch and leaf by leaf.
/// Node ids are per tree; a leaf carries one weight per target (regressor) or class index (classifier).
/// </summary>
public sealed class OnnxTreeEnsemble
{
    internal List<long> TreeIds { get; } = [];
    internal List<long> NodeIds { get; } = [];
    internal List<long> FeatureIds { get; } = [];
    internal List<float> Thresholds { get; } = [];
    internal List<string> Modes { get; } = [];
    internal List<long> TrueIds { get; } = [];
    internal List<long> FalseIds { get; } = [];
    internal List<long> WeightTreeIds { get; } = [];
    internal List<long> WeightNodeIds { get; } = [];
    internal List<long> WeightTargetIds { get; } = [];
    internal List<float> Weights { get; } = [];

    /// <summary>A split: go to <paramref name="trueNode"/> when the comparison holds (by default x[feature] &lt;= threshold).</summary>
    public OnnxTreeEnsemble Branch(long tree, long node, long feature, float threshold, long trueNode, long falseNode, string mode = "BRANCH_LEQ")
    {
        Add(tree, node, feature, threshold, mode, trueNode, falseNode);
        return this;
    }

    /// <summary>A leaf contributing <c>weight</c> to each listed target or class index.</summary>
    public OnnxTreeEnsemble Leaf(long tree, long node, params ReadOnlySpan<(long Target, float Weight)> weights)
    {
        Add(tree, node, 0, 0f, "LEAF", 0, 0);
        foreach (var (target, weight) in weights)
        {
            WeightTreeIds.Add(tree);
            WeightNodeIds.Add(node);
            WeightTargetIds.Add(target);
            Weights.Add(weight);
        }

        return this;
    }

    internal void WriteNodes(OnnxAttributes a) => a
        .Ints("nodes_treeids", TreeIds)
        .Ints("nodes_nodeids", NodeIds)
        .Ints("nodes_featureids", FeatureIds)
        .Floats("nodes_values", Thresholds)
        .Strings("nodes_modes", Modes)
        .Ints("nodes_truenodeids", TrueIds)
        .Ints("nodes_falsenodeids", FalseIds);

    private void Add(long tree, long node, long feature, float threshold, string mode, long t, long f)
    {
        TreeIds.Add(tree);
        NodeIds.Add(node);
        FeatureIds.Add(feature);
        Thresholds.Add(threshold);
        Modes.Add(mode);
        TrueIds.Add(t);
        FalseIds.Add(f);
    }
}
