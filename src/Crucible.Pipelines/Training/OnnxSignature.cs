using Crucible.Onnx;

namespace Crucible.Pipelines.Training;

/// <summary>The graph signature every built-in trainer exports (see <see cref="TrainedModel"/>).</summary>
internal static class OnnxSignature
{
    public const string Input = "input";
    public const string Label = "label";
    public const string Probabilities = "probabilities";
    public const string Variable = "variable";

    public static OnnxModelBuilder Classifier(string trainer, int features) =>
        Start(trainer, features)
            .Output(Label, OnnxElementType.Int64, "N")
            .Output(Probabilities, OnnxElementType.Fp32, "N", 2);

    public static OnnxModelBuilder Regressor(string trainer, int features) =>
        Start(trainer, features).Output(Variable, OnnxElementType.Fp32, "N", 1);

    private static OnnxModelBuilder Start(string trainer, int features) =>
        new OnnxModelBuilder(trainer, "crucible", typeof(OnnxSignature).Assembly.GetName().Version?.ToString() ?? string.Empty)
            .Input(Input, OnnxElementType.Fp32, "N", features);
}
