using Crucible.Onnx.Writing;

namespace Crucible.Pipelines.Training.Linear;

/// <summary>y = x · w + b, as a regressor or, through the logistic function, a binary classifier.</summary>
internal sealed class LinearModel(string trainer, TrainingTask task, double[] coefficients, double intercept) : ITabularModel
{
    public double[] Coefficients { get; } = coefficients;

    public double Intercept { get; } = intercept;

    public double[] Predict(ReadOnlySpan<float> features, int rows)
    {
        var d = Coefficients.Length;
        var w = Coefficients.Select(c => (double)(float)c).ToArray();
        var b = (double)(float)Intercept;
        var result = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var z = b;
            var row = features.Slice(i * d, d);
            for (var j = 0; j < d; j++)
            {
                z += w[j] * row[j];
            }

            result[i] = task == TrainingTask.BinaryClassification ? 1.0 / (1.0 + Math.Exp(-z)) : z;
        }

        return result;
    }

    public byte[] ToOnnx(IReadOnlyList<string> featureNames)
    {
        var w = Coefficients.Select(c => (float)c).ToArray();
        float[] b = [(float)Intercept];
        return task == TrainingTask.BinaryClassification
            ? OnnxSignature.Classifier(trainer, w.Length, featureNames)
                .LinearClassifier(OnnxSignature.Input, OnnxSignature.Label, OnnxSignature.Probabilities, w, b, [0, 1]).ToBytes()
            : OnnxSignature.Regressor(trainer, w.Length, featureNames)
                .LinearRegressor(OnnxSignature.Input, OnnxSignature.Variable, w, b).ToBytes();
    }
}
