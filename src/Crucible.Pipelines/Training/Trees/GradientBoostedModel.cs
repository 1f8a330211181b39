using Crucible.Onnx.Writing;

namespace Crucible.Pipelines.Training.Trees;

/// <summary>
/// A sum of trees (the first carries the baseline in its leaves); for a classifier the sum is the log-odds of class 1.
/// Exported as a TreeEnsembleRegressor, or a TreeEnsembleClassifier with logistic post-transform whose leaves carry one
/// score on class index 0: ONNX Runtime treats a lone binary score as the positive-class margin and answers
/// [σ(−s), σ(s)] with label 1 when s &gt; 0 (with the weights on index 1 it answers [σ(0), σ(s)] instead).
/// </summary>
internal sealed class GradientBoostedModel(string trainer, TrainingTask task, int featureCount, IReadOnlyList<RegressionTree> trees) : ITabularModel
{
    public IReadOnlyList<RegressionTree> Trees { get; } = trees;

    public double[] Predict(ReadOnlySpan<float> features, int rows)
    {
        var result = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var row = features.Slice(i * featureCount, featureCount);
            var sum = 0.0;
            foreach (var tree in Trees)
            {
                sum += tree.Predict(row);
            }

            result[i] = task == TrainingTask.BinaryClassification ? 1.0 / (1.0 + Math.Exp(-sum)) : sum;
        }

        return result;
    }

    public byte[] ToOnnx(IReadOnlyList<string> featureNames)
    {
                var ensemble = new OnnxTreeEnsemble();
        for (var t = 0; t < Trees.Count; t++)
        {
            Trees[t].WriteTo(ensemble, t, 0);
        }

        return task == TrainingTask.BinaryClassification
            ? OnnxSignature.Classifier(trainer, featureCount, featureNames)
                .TreeEnsembleClassifier(OnnxSignature.Input, OnnxSignature.Label, OnnxSignature.Probabilities, ensemble, [0, 1], "LOGISTIC").ToBytes()
            : OnnxSignature.Regressor(trainer, featureCount, featureNames)
                .TreeEnsembleRegressor(OnnxSignature.Input, OnnxSignature.Variable, ensemble).ToBytes();
    }
}
