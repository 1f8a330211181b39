using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Crucible.Server.Observability;

/// <summary>
/// Collects <see cref="System.Diagnostics.Metrics"/> measurements (ASP.NET Core's own request metrics and
/// Crucible's meters) and writes them in Prometheus text exposition format 0.0.4 for <c>/metrics</c>.
/// Counters become <c>_total</c> series, histograms <c>_bucket</c>/<c>_sum</c>/<c>_count</c>, gauges their last value.
/// Kept over prometheus-net 8.2.1 after measuring both (docs/benchmarks.md, "Prometheus writer"): its MeterAdapter
/// renames every family and exports counters as gauges, and costs three times this writer's CPU per request.
/// </summary>
internal sealed class PrometheusMetrics : IDisposable
{
    /// <summary>Bucket bounds for durations in seconds, from 100 microseconds to 10 seconds.</summary>
    private static readonly double[] SecondsBounds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The same range in milliseconds.</summary>
    private static readonly double[] MillisecondsBounds = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary>Bounds for counts (units in braces such as <c>{row}</c> or <c>{request}</c>): powers of two to 4096.</summary>
    private static readonly double[] CountBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>Bounds for sizes in bytes: powers of four from 256 B to 256 MiB.</summary>
    private static readonly double[] ByteBounds = [256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864, 268435456];

    private static readonly HashSet<string> Meters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Crucible"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _series = new();

    /// <param name="meterFactory">This host's factory: only its meters are exported, so several hosts in one process
    /// (tests, or a server and a serving process) each report their own traffic.</param>
    public PrometheusMetrics(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Meters.Contains(instrument.Meter.Name) && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The current values in Prometheus text format.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var (instrument, series) in _series.OrderBy(s => s.Key.Name, StringComparer.Ordinal))
        {
            series.Write(text, PrometheusName(instrument), instrument.Description);
        }

        return text.ToString();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = _series.GetOrAdd(instrument, i => new InstrumentSeries(
            i switch
            {
                Histogram<double> or Histogram<long> or Histogram<int> => SeriesKind.Histogram,
                ObservableGauge<double> or ObservableGauge<long> or ObservableGauge<int> or Gauge<double> or Gauge<long> or Gauge<int> => SeriesKind.Gauge,
                UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> or ObservableUpDownCounter<long> or ObservableUpDownCounter<double> => SeriesKind.UpDown,
                _ => SeriesKind.Counter,
            },
            BoundsFor(i.Unit)));
        series.Record(tags, value);
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            pairs.Add($"{Sanitize(tag.Key)}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    /// <summary>Histogram bucket bounds by unit (UCUM, as OpenTelemetry writes them); seconds when the unit says nothing else.</summary>
    private static double[] BoundsFor(string? unit) => unit switch
    {
        "ms" => MillisecondsBounds,
        "By" => ByteBounds,
        ['{', .., '}'] or "1" => CountBounds,
        _ => SecondsBounds,
    };

    /// <summary><c>http.server.request.duration</c> in seconds becomes <c>http_server_request_duration_seconds</c>.</summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = Sanitize(instrument.Name);
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        return name.EndsWith(unit, StringComparison.Ordinal) ? name : name + unit;
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_'))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private enum SeriesKind
    {
        Counter,
        UpDown,
        Gauge,
        Histogram,
    }

    /// <summary>All label sets of one instrument.</summary>
    private sealed class InstrumentSeries(SeriesKind kind, double[] bounds)
    {
        private readonly ConcurrentDictionary<string, Cell> _cells = new(StringComparer.Ordinal);

        // The hot path: measurements repeat the same few tag sets, so find the cell by a hash of the tag keys and
        // values and confirm it by comparing them, without building the label text (which allocates) each time.
        private readonly ConcurrentDictionary<int, TagSet[]> _known = new();

        public void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags, double value)
        {
            var hash = Hash(tags);
            if (_known.TryGetValue(hash, out var sets))
            {
                foreach (var set in sets)
                {
                    if (set.Matches(tags))
                    {
                        set.Cell.Add(kind, value);
                        return;
                    }
                }
            }

            var cell = _cells.GetOrAdd(Labels(tags), _ => new Cell(kind == SeriesKind.Histogram ? bounds : null));
            var known = new TagSet(tags.ToArray(), cell);
            _known.AddOrUpdate(hash, [known], (_, existing) => existing.Length < 16 ? [.. existing, known] : existing);
            cell.Add(kind, value);
        }

        private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var hash = new HashCode();
            foreach (var tag in tags)
            {
                hash.Add(tag.Key);
                hash.Add(tag.Value);
            }

            return hash.ToHashCode();
        }

        public void Write(StringBuilder text, string name, string? help)
        {
            var (type, suffix) = kind switch
            {
                SeriesKind.Counter => ("counter", "_total"),
                SeriesKind.Histogram => ("histogram", string.Empty),
                _ => ("gauge", string.Empty),
            };
            var family = name + suffix;
            if (!string.IsNullOrEmpty(help))
            {
                text.Append("# HELP ").Append(family).Append(' ').Append(help.Replace('\n', ' ')).Append('\n');
            }

            text.Append("# TYPE ").Append(name).Append(kind == SeriesKind.Counter ? suffix : string.Empty).Append(' ').Append(type).Append('\n');
            foreach (var (labels, cell) in _cells.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                cell.Write(text, name, suffix, labels, kind);
            }
        }
    }

    /// <summary>A tag set seen before and the cell its label text maps to.</summary>
    private sealed class TagSet(KeyValuePair<string, object?>[] tags, Cell cell)
    {
        public Cell Cell { get; } = cell;

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
        {
            if (other.Length != tags.Length)
            {
                return false;
            }

            for (var i = 0; i < tags.Length; i++)
            {
                if (!string.Equals(tags[i].Key, other[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, other[i].Value))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>One series: a sum (counters), a last value (gauges) or bucket counts (histograms).</summary>
    private sealed class Cell(double[]? bounds)
    {
        private readonly long[] _buckets = bounds is null ? [] : new long[bounds.Length + 1];
        private readonly Lock _gate = new();
        private double _sum;
        private long _count;

        public void Add(SeriesKind kind, double value)
        {
            lock (_gate)
            {
                _count++;
                _sum = kind == SeriesKind.Gauge ? value : _sum + value;
                if (bounds is not null)
                {
                    var index = Array.BinarySearch(bounds, value);
                    _buckets[index < 0 ? ~index : index]++;
                }
            }
        }

        public void Write(StringBuilder text, string name, string suffix, string labels, SeriesKind kind)
        {
            lock (_gate)
            {
                if (bounds is null)
                {
                    text.Append(name).Append(suffix).Append(Braces(labels)).Append(' ').Append(Number(_sum)).Append('\n');
                    return;
                }

                long cumulative = 0;
                for (var i = 0; i < bounds.Length; i++)
                {
                    cumulative += _buckets[i];
                    text.Append(name).Append("_bucket").Append(Braces(Join(labels, $"le=\"{Number(bounds[i])}\""))).Append(' ').Append(cumulative).Append('\n');
                }

                text.Append(name).Append("_bucket").Append(Braces(Join(labels, "le=\"+Inf\""))).Append(' ').Append(_count).Append('\n');
                text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(_sum)).Append('\n');
                text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(_count).Append('\n');
            }
        }

        private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

        private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

        private static string Number(double value) => double.IsPositiveInfinity(value) ? "+Inf"
            : double.IsNegativeInfinity(value) ? "-Inf"
            : double.IsNaN(value) ? "NaN"
            : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
