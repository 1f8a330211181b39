using Crucible.Core.Serving;

namespace Crucible.Monitoring.Capture;

/// <summary>
/// The feature names of each record's model version, asked of a <see cref="FeatureNameSource"/> once per (model,
/// version) and remembered for one profiling pass. Shadow records get none: their columns stay ordinal.
/// </summary>
internal sealed class FeatureNameCache(FeatureNameSource? source)
{
    private readonly Dictionary<(string, string), IReadOnlyList<string>?> _names = [];

    public async ValueTask<IReadOnlyList<string>?> GetAsync(PredictionRecord record, CancellationToken cancellationToken)
    {
        if (source is null || record.Shadow)
        {
            return null;
        }

        if (!_names.TryGetValue((record.Model, record.Version), out var names))
        {
            names = await source(record.Model, record.Version, cancellationToken).ConfigureAwait(false);
            _names[(record.Model, record.Version)] = names;
        }

        return names;
    }
}
