namespace Crucible.Pipelines.Training.Clustering;

/// <summary>A fitted clustering model: <see cref="ITabularModel.Predict"/> answers each row's segment as a number.</summary>
internal interface IClusteringModel : ITabularModel
{
    int Clusters { get; }

    ClusterSpace Space { get; }

    /// <summary>The segment of each row, 0..<see cref="Clusters"/> − 1.</summary>
    int[] Assign(ReadOnlySpan<float> features, int rows);
}
