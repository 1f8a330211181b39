using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;

namespace Crucible.Pipelines.Training;

/// <summary>The graph signature every built-in trainer exports (see <see cref="TrainedModel"/>).</summary>
internal static class OnnxSignature
{
    public const string Input = "input";
    public const string Label = "label";
    public const string Probabilities = "probabilities";
    public const string Variable = "variable";
    public const string Distances = "distances";

    /// <summary>A clustering model: the segment <c>label</c> [N] int64 and per-segment <paramref name="scores"/> [N, k] float.</summary>
    public static OnnxModelBuilder Clustering(string trainer, int features, IReadOnlyList<string> featureNames, int clusters, string scores) =>
        Start(trainer, features, featureNames)
            .Output(Label, OnnxElementType.Int64, "N")
            .Output(scores, OnnxElementType.Fp32, "N", clusters);

    public static OnnxModelBuilder Classifier(string trainer, int features, IReadOnlyList<string> featureNames) =>
        Start(trainer, features, featureNames)
            .Output(Label, OnnxElementType.Int64, "N")
            .Output(Probabilities, OnnxElementType.Fp32, "N", 2);

    public static OnnxModelBuilder Regressor(string trainer, int features, IReadOnlyList<string> featureNames) =>
        Start(trainer, features, featureNames).Output(Variable, OnnxElementType.Fp32, "N", 1);

    // The feature names travel with the model (OnnxFeatureNames), so monitoring can name the input's columns.
    private static OnnxModelBuilder Start(string trainer, int features, IReadOnlyList<string> featureNames)
    {
        var builder = new OnnxModelBuilder(trainer, "crucible", typeof(OnnxSignature).Assembly.GetName().Version?.ToString() ?? string.Empty)
            .Input(Input, OnnxElementType.Fp32, "N", features);
        return featureNames.Count == features ? builder.Metadata(OnnxFeatureNames.Key, OnnxFeatureNames.Serialize(featureNames)) : builder;
    }
}
