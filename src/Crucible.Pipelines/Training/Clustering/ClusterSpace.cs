using Crucible.Onnx.Writing;
using Crucible.Pipelines.Training.Linear;

namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// The space a clustering model works in: each feature standardized (minus its training mean, over its standard
/// deviation) or left as it is. The ONNX export multiplies the input by 1 / scale and shifts the model's centers by
/// mean / scale instead, one Mul node, so the graph needs no subtraction of its own.
/// </summary>
internal sealed class ClusterSpace
{
    private ClusterSpace(double[] means, double[] scales)
    {
        Means = means;
        Scales = scales;
    }

    public double[] Means { get; }

    public double[] Scales { get; }

    public int Columns => Means.Length;

    public static ClusterSpace Fit(TrainingData data, bool standardize)
    {
        if (!standardize)
        {
            return new ClusterSpace(new double[data.Columns], Enumerable.Repeat(1.0, data.Columns).ToArray());
        }

        var scaler = Standardizer.Fit(data);
        return new ClusterSpace(scaler.Means, scaler.Scales);
    }

    /// <summary>Row-major doubles in this space.</summary>
    public double[] Transform(ReadOnlySpan<float> features, int rows)
    {
        var d = Columns;
        var z = new double[rows * d];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < d; j++)
            {
                z[(i * d) + j] = (features[(i * d) + j] - Means[j]) / Scales[j];
            }
        }

        return z;
    }

    /// <summary>A point of this space as seen from the input scaled by 1 / scale (what the ONNX graph computes with).</summary>
    public float[] Shift(ReadOnlySpan<double> points)
    {
        var result = new float[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var j = i % Columns;
            result[i] = (float)(points[i] + (Means[j] / Scales[j]));
        }

        return result;
    }

    /// <summary>A point of this space on the original feature scale (a centroid profile a person can read).</summary>
    public double[] Unscale(ReadOnlySpan<double> points)
    {
        var result = new double[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var j = i % Columns;
            result[i] = (points[i] * Scales[j]) + Means[j];
        }

        return result;
    }

    /// <summary>Adds <c>scaled = input × (1 / scale)</c> to the graph; returns the name of the scaled tensor.</summary>
    public string AddScaling(OnnxModelBuilder builder, string input)
    {
        builder.Initializer("inverse_scale", Scales.Select(s => (float)(1.0 / s)).ToArray(), Columns)
            .Node("Mul", [input, "inverse_scale"], ["scaled"]);
        return "scaled";
    }
}
