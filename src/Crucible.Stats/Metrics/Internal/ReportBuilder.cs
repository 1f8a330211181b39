using System.Collections.ObjectModel;

namespace Crucible.Stats.Metrics.Internal;

/// <summary>Collects named metric values in insertion order and freezes them.</summary>
internal sealed class ReportBuilder
{
    private readonly OrderedDictionary<string, double> _values = new(StringComparer.Ordinal);

    internal void Add(string name, double value) => _values.Add(name, value);

    internal IReadOnlyDictionary<string, double> Build() => new ReadOnlyDictionary<string, double>(_values);
}
