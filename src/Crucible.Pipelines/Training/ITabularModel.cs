namespace Crucible.Pipelines.Training;

/// <summary>A fitted model as the trainer holds it: in-process predictions and its ONNX export agree.</summary>
internal interface ITabularModel
{
    /// <summary>The probability of class 1 (classifier) or the predicted value (regressor), one per row.</summary>
    double[] Predict(ReadOnlySpan<float> features, int rows);

    /// <summary>The ONNX export; <paramref name="featureNames"/> go in its <c>crucible.feature_names</c> metadata.</summary>
    byte[] ToOnnx(IReadOnlyList<string> featureNames);
}
