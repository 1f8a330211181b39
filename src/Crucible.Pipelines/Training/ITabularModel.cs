namespace Crucible.Pipelines.Training;

/// <summary>A fitted model as the trainer holds it: in-process predictions and its ONNX export agree.</summary>
internal interface ITabularModel
{
    /// <summary>The probability of class 1 (classifier) or the predicted value (regressor), one per row.</summary>
    double[] Predict(ReadOnlySpan<float> features, int rows);

    byte[] ToOnnx();
}
