using System.Collections.Concurrent;
using Crucible.Core.Errors;
using Crucible.Monitoring.Running;
using Crucible.Onnx.Model;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Monitoring;

/// <summary>
/// The feature names of served model versions (<see cref="OnnxFeatureNames"/>), read once per version through the
/// same verified model source serving loads from, then cached: a registered version's file does not change. A version
/// that cannot be read has no names for now (its columns stay <c>input[j]</c>) and is asked again next time.
/// </summary>
internal sealed class ModelFeatureNames(IModelSource? source = null) : IModelFeatureNames
{
    private const int MaxCached = 256;

    private readonly ConcurrentDictionary<(string Model, string Version), IReadOnlyList<string>?> _names = new();

    public async ValueTask<IReadOnlyList<string>?> GetAsync(string model, string version, CancellationToken cancellationToken)
    {
        if (source is null || string.IsNullOrEmpty(model) || string.IsNullOrEmpty(version))
        {
            return null;
        }

        if (_names.TryGetValue((model, version), out var cached))
        {
            return cached;
        }

        IReadOnlyList<string>? names;
        try
        {
            var file = await source.OpenAsync(model, version, cancellationToken).ConfigureAwait(false);
            names = OnnxFeatureNames.Read(OnnxModelReader.Read(file.Bytes.Span));
        }
        catch (CrucibleException)
        {
            return null;
        }

        if (_names.Count >= MaxCached)
        {
            _names.Clear();
        }

        _names[(model, version)] = names;
        return names;
    }
}
