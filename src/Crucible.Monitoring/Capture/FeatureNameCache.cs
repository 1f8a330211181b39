using Crucible.Core.Serving;

namespace Crucible.Monitoring.Capture;

/// <summary>
/// The feature names of each record's model version, asked of a <see cref="FeatureNameSource"/> once per (model,
/// version) and remembered for one profiling pass. Shadow records get none: their columns stay ordinal.
/// </summary>
internal sealed class FeatureNameCache(FeatureNameSource? source)
{
    private readonly Dictionary<(string, string), IReadOnlyList<string>?> _names = [];

    public ValueTask<IReadOnlyList<string>?> GetAsync(PredictionRecord record, CancellationToken cancellationToken) =>
        GetAsync(record.Model, record.Version, record.Shadow, cancellationToken);

    public async ValueTask<IReadOnlyList<string>?> GetAsync(string model, string version, bool shadow, CancellationToken cancellationToken)
    {
        if (source is null || shadow)
        {
            return null;
        }

        if (!_names.TryGetValue((model, version), out var names))
        {
            names = await source(model, version, cancellationToken).ConfigureAwait(false);
            _names[(model, version)] = names;
        }

        return names;
    }
}
