namespace Crucible.Monitoring.Running;

/// <summary>The input feature names of a served model version, or null when they are not known (columns stay <c>input[j]</c>).</summary>
public interface IModelFeatureNames
{
    ValueTask<IReadOnlyList<string>?> GetAsync(string model, string version, CancellationToken cancellationToken);
}
