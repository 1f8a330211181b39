using Crucible.Core.Errors;
using Crucible.Onnx.Proto;

namespace Crucible.Optimization.Graph;

/// <summary>
/// Which graphs the weight rewrites (FP16, int8) accept. They rewrite only default-domain (ai.onnx) operators and
/// leave every other node as it is, so a node they cannot see into blocks them: an operator of another domain (for
/// example ai.onnx.ml's TreeEnsembleClassifier, whose weights are attributes, or a com.microsoft contrib op) or a
/// control-flow node with a sub-graph (If, Loop, Scan). Such a model is refused with the operator named.
/// </summary>
internal static class OperatorSupport
{
    public static void RequireRewritable(GraphProto graph, string transform)
    {
        foreach (var node in graph.Node)
        {
            var domain = node.Domain is "" or "ai.onnx" ? null : node.Domain;
            if (domain is not null)
            {
                throw Refused(transform, node, $"operator {node.OpType} (domain {domain}) is not supported: {transform} rewrites only ai.onnx operators");
            }

            if (node.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0))
            {
                throw Refused(transform, node, $"operator {node.OpType} has a sub-graph, which {transform} does not rewrite");
            }
        }
    }

    public static CrucibleException Refused(string transform, NodeProto node, string reason) =>
        new(ErrorCode.InvalidParameterValue, $"cannot apply {transform}: {reason} (node '{node.Name}')");

    public static CrucibleException Refused(string transform, string reason) =>
        new(ErrorCode.InvalidParameterValue, $"cannot apply {transform}: {reason}");
}
