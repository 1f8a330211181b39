using Crucible.Stats.Metrics;

namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// Fitted k-means: centers in <see cref="ClusterSpace"/>. Predicts the nearest center's index; the ONNX export answers
/// <c>label</c> [N] int64 (the segment) and <c>distances</c> [N, k] float (Euclidean, to every center).
/// </summary>
internal sealed class KMeansModel(string trainer, ClusterSpace space, double[] centers, int k) : IClusteringModel
{
    public int Clusters => k;

    public ClusterSpace Space => space;

    /// <summary>Row-major [k, features] in the model's space.</summary>
    public double[] Centers => centers;

    public double[] Predict(ReadOnlySpan<float> features, int rows) => [.. Assign(features, rows).Select(l => (double)l)];

    public int[] Assign(ReadOnlySpan<float> features, int rows)
    {
        var labels = new int[rows];
        KMeans.Assign(space.Transform(features, rows), rows, space.Columns, centers, k, labels);
        return labels;
    }

    /// <summary>Euclidean distance of every row to every center, row-major [rows, k].</summary>
    public double[] Distances(ReadOnlySpan<float> features, int rows)
    {
        var d = space.Columns;
        var z = space.Transform(features, rows);
        var result = new double[rows * k];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < k; c++)
            {
                result[(r * k) + c] = Math.Sqrt(ClusteringMetrics.SquaredDistance(z.AsSpan(r * d, d), centers.AsSpan(c * d, d)));
            }
        }

        return result;
    }

    public byte[] ToOnnx(IReadOnlyList<string> featureNames)
    {
        var d = space.Columns;
        var builder = OnnxSignature.Clustering(trainer, d, featureNames, k, OnnxSignature.Distances);
        var scaled = space.AddScaling(builder, OnnxSignature.Input);
        // [N, 1, d] − [k, d] broadcasts to [N, k, d]; summing squares over d gives [N, k] with no cancellation.
        return builder
            .Initializer("row_shape", new long[] { -1, 1, d }, 3)
            .Initializer("centers", space.Shift(centers), k, d)
            .Node("Reshape", [scaled, "row_shape"], ["rows"])
            .Node("Sub", ["rows", "centers"], ["differences"])
            .Node("ReduceSumSquare", ["differences"], ["squared_distances"], a => a.Ints("axes", [2]).Int("keepdims", 0))
            .Node("Sqrt", ["squared_distances"], [OnnxSignature.Distances])
            .Node("ArgMin", ["squared_distances"], [OnnxSignature.Label], a => a.Int("axis", 1).Int("keepdims", 0))
            .ToBytes();
    }
}
