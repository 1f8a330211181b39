namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// Fitted Gaussian mixture in <see cref="ClusterSpace"/>. Predicts the most responsible component; the ONNX export
/// answers <c>label</c> [N] int64 and <c>probabilities</c> [N, k] float (the responsibilities, a softmax of the weighted
/// log densities).
/// </summary>
internal sealed class GaussianMixtureModel(string trainer, ClusterSpace space, GaussianMixture.Result mixture, int k) : IClusteringModel
{
    public int Clusters => k;

    public ClusterSpace Space => space;

    public GaussianMixture.Result Mixture => mixture;

    public double[] Predict(ReadOnlySpan<float> features, int rows) => [.. Assign(features, rows).Select(l => (double)l)];

    public int[] Assign(ReadOnlySpan<float> features, int rows)
    {
        var log = GaussianMixture.WeightedLogDensities(space.Transform(features, rows), rows, space.Columns, k, mixture);
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = log.AsSpan(r * k, k);
            labels[r] = row.IndexOf(row.ToArray().Max());
        }

        return labels;
    }

    /// <summary>Each row's responsibilities, row-major [rows, k].</summary>
    public double[] Responsibilities(ReadOnlySpan<float> features, int rows)
    {
        var log = GaussianMixture.WeightedLogDensities(space.Transform(features, rows), rows, space.Columns, k, mixture);
        for (var r = 0; r < rows; r++)
        {
            var row = log.AsSpan(r * k, k);
            var lse = GaussianMixture.LogSumExp(row);
            for (var c = 0; c < k; c++)
            {
                row[c] = Math.Exp(row[c] - lse);
            }
        }

        return log;
    }

    public byte[] ToOnnx(IReadOnlyList<string> featureNames)
    {
        var d = space.Columns;
        var builder = OnnxSignature.Clustering(trainer, d, featureNames, k, OnnxSignature.Probabilities);
        var scaled = space.AddScaling(builder, OnnxSignature.Input);
        // (x − μ_c) P_c for every row and component: [N, k, 1, d] × [k, d, d] → [N, k, 1, d].
        return builder
            .Initializer("row_shape", new long[] { -1, 1, d }, 3)
            .Initializer("difference_shape", new long[] { -1, k, 1, d }, 4)
            .Initializer("means", space.Shift(mixture.Means), k, d)
            .Initializer("precision_cholesky", mixture.PrecisionCholesky.Select(v => (float)v).ToArray(), k, d, d)
            .Initializer("minus_half", new float[] { -0.5f }, 1)
            .Initializer("offsets", GaussianMixture.Offsets(d, k, mixture).Select(v => (float)v).ToArray(), k)
            .Node("Reshape", [scaled, "row_shape"], ["rows"])
            .Node("Sub", ["rows", "means"], ["differences"])
            .Node("Reshape", ["differences", "difference_shape"], ["differences_4d"])
            .Node("MatMul", ["differences_4d", "precision_cholesky"], ["whitened"])
            .Node("ReduceSumSquare", ["whitened"], ["mahalanobis"], a => a.Ints("axes", [2, 3]).Int("keepdims", 0))
            .Node("Mul", ["mahalanobis", "minus_half"], ["half_mahalanobis"])
            .Node("Add", ["half_mahalanobis", "offsets"], ["log_densities"])
            .Node("Softmax", ["log_densities"], [OnnxSignature.Probabilities], a => a.Int("axis", 1))
            .Node("ArgMax", ["log_densities"], [OnnxSignature.Label], a => a.Int("axis", 1).Int("keepdims", 0))
            .ToBytes();
    }
}
