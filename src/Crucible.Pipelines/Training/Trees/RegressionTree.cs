using Crucible.Onnx.Writing;

namespace Crucible.Pipelines.Training.Trees;

/// <summary>
/// One fitted tree: node 0 is the root; a branch sends x[feature] ≤ threshold to its left child, a leaf holds a value.
/// Values are float32, as the ONNX ensemble stores them.
/// </summary>
internal sealed class RegressionTree
{
    private readonly List<Node> _nodes = [new Node(-1, 0f, -1, -1, 0f)];

    public int NodeCount => _nodes.Count;

    public int LeafCount => _nodes.Count(n => n.Feature < 0);

    /// <summary>Turns leaf <paramref name="node"/> into a branch; returns the ids of its left and right children.</summary>
    public (int Left, int Right) Split(int node, int feature, float threshold)
    {
        var left = _nodes.Count;
        _nodes.Add(new Node(-1, 0f, -1, -1, 0f));
        _nodes.Add(new Node(-1, 0f, -1, -1, 0f));
        _nodes[node] = new Node(feature, threshold, left, left + 1, 0f);
        return (left, left + 1);
    }

    public void SetLeafValue(int node, float value) => _nodes[node] = _nodes[node] with { Value = value };

    public void AddToLeaves(float offset)
    {
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i].Feature < 0)
            {
                _nodes[i] = _nodes[i] with { Value = _nodes[i].Value + offset };
            }
        }
    }

    public float Predict(ReadOnlySpan<float> row)
    {
        var node = _nodes[0];
        while (node.Feature >= 0)
        {
            node = _nodes[row[node.Feature] <= node.Threshold ? node.Left : node.Right];
        }

        return node.Value;
    }

    /// <summary>Adds this tree to an ONNX ensemble as tree <paramref name="treeId"/>, weights going to <paramref name="target"/>.</summary>
    public void WriteTo(OnnxTreeEnsemble ensemble, long treeId, long target)
    {
        for (var i = 0; i < _nodes.Count; i++)
        {
            var n = _nodes[i];
            if (n.Feature >= 0)
            {
                ensemble.Branch(treeId, i, n.Feature, n.Threshold, n.Left, n.Right);
            }
            else
            {
                ensemble.Leaf(treeId, i, (target, n.Value));
            }
        }
    }

    private readonly record struct Node(int Feature, float Threshold, int Left, int Right, float Value);
}
