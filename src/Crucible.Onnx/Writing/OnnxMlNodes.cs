namespace Crucible.Onnx.Writing;

/// <summary>
/// Builder shortcuts for the ai.onnx.ml operators the built-in trainers export. Each adds one node; the caller
/// declares the graph's inputs and outputs. Classifier labels are int64 class ids.
/// </summary>
public static class OnnxMlNodes
{
    /// <summary>The ONNX-ML operator domain.</summary>
    public const string Domain = "ai.onnx.ml";

    /// <summary>y[N,targets] = x · coefficientsᵀ + intercepts; coefficients are row-major [targets, features].</summary>
    public static OnnxModelBuilder LinearRegressor(
        this OnnxModelBuilder builder, string input, string output, float[] coefficients, float[] intercepts, string postTransform = "NONE") =>
        builder.Node("LinearRegressor", [input], [output], a => a
            .Floats("coefficients", coefficients)
            .Floats("intercepts", intercepts)
            .Int("targets", intercepts.Length)
            .String("post_transform", postTransform), Domain);

    /// <summary>
    /// Label [N] and scores [N,classes]. For a binary model pass one coefficient row and two labels; ONNX Runtime
    /// expands the single score into two columns.
    /// </summary>
    public static OnnxModelBuilder LinearClassifier(
        this OnnxModelBuilder builder,
        string input,
        string labelOutput,
        string scoresOutput,
        float[] coefficients,
        float[] intercepts,
        long[] classLabels,
        string postTransform = "LOGISTIC") =>
        builder.Node("LinearClassifier", [input], [labelOutput, scoresOutput], a => a
            .Floats("coefficients", coefficients)
            .Floats("intercepts", intercepts)
            .Ints("classlabels_ints", classLabels)
            .Int("multi_class", 0)
            .String("post_transform", postTransform), Domain);

    /// <summary>y[N,targets] = aggregate of the leaf weights reached in each tree, plus base values.</summary>
    public static OnnxModelBuilder TreeEnsembleRegressor(
        this OnnxModelBuilder builder, string input, string output, OnnxTreeEnsemble trees, int targets = 1, string aggregate = "SUM", float[]? baseValues = null) =>
        builder.Node("TreeEnsembleRegressor", [input], [output], a =>
        {
            trees.WriteNodes(a);
            a.Ints("target_treeids", trees.WeightTreeIds).Ints("target_nodeids", trees.WeightNodeIds)
                .Ints("target_ids", trees.WeightTargetIds).Floats("target_weights", trees.Weights)
                .Int("n_targets", targets).String("aggregate_function", aggregate).String("post_transform", "NONE");
            if (baseValues is not null)
            {
                a.Floats("base_values", baseValues);
            }
        }, Domain);

    /// <summary>
    /// Label [N] and scores [N,classes]; leaf weights are added per class index, then post-transformed.
    /// For two classes give leaf weights for class index 1 only (the positive-class score, as skl2onnx does):
    /// ONNX Runtime 1.30 returns wrong labels for binary ensembles that carry weights for both classes.
    /// </summary>
    public static OnnxModelBuilder TreeEnsembleClassifier(
        this OnnxModelBuilder builder,
        string input,
        string labelOutput,
        string scoresOutput,
        OnnxTreeEnsemble trees,
        long[] classLabels,
        string postTransform = "NONE") =>
        builder.Node("TreeEnsembleClassifier", [input], [labelOutput, scoresOutput], a =>
        {
            trees.WriteNodes(a);
            a.Ints("class_treeids", trees.WeightTreeIds).Ints("class_nodeids", trees.WeightNodeIds)
                .Ints("class_ids", trees.WeightTargetIds).Floats("class_weights", trees.Weights)
                .Ints("classlabels_int64s", classLabels).String("post_transform", postTransform);
        }, Domain);
}
