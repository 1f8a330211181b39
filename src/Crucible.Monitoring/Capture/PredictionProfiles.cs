using System.Globalization;
using System.Text.Json;
using Crucible.Core.Serving;
using Crucible.Monitoring.Profiles;

namespace Crucible.Monitoring.Capture;

/// <summary>A window's profile built from the prediction log.</summary>
/// <param name="Profile">The profile: one column per input feature and per output value.</param>
/// <param name="Records">Records read (served, non-shadow).</param>
/// <param name="DataQualityIssues">Records skipped because their JSON did not parse or a shape disagreed with its data.</param>
/// <param name="Problems">The first few problems, one message each.</param>
public sealed record PredictionProfile(DatasetProfile Profile, long Records, long DataQualityIssues, IReadOnlyList<string> Problems);

/// <summary>
/// The feature names of a served model version (its <c>crucible.feature_names</c> metadata), or null when it has none.
/// Implementations cache per version; they must not throw for a model they cannot read (null instead).
/// </summary>
public delegate ValueTask<IReadOnlyList<string>?> FeatureNameSource(string model, string version, CancellationToken cancellationToken);

/// <summary>
/// Profiles the predictions a deployment served in a time window [start, end), read page by page from the
/// prediction log (shadow predictions left out). Each tensor is flattened per row: an input <c>x</c> of shape
/// [N] is the column <c>x</c>, of shape [N, C] (or more dimensions, flattened row-major) the columns
/// <c>x[0]</c>..<c>x[C-1]</c>; outputs give <c>prediction.y</c> / <c>prediction.y[j]</c>, so prediction drift
/// comes with input drift. When a <see cref="FeatureNameSource"/> knows the feature names of the record's model
/// version and the record has a single input of shape [N, d] with d names, its columns are the feature names instead
/// of <c>x[j]</c>. A record that does not parse, or whose shape disagrees with its data, is counted as a
/// data-quality issue and skipped whole; it never throws.
/// </summary>
public static partial class PredictionProfiles
{
    /// <summary>Problem messages kept per profile; the count goes on.</summary>
    public const int MaxProblems = 20;

    /// <summary>Prefix of the columns built from outputs.</summary>
    public const string OutputPrefix = "prediction.";

    /// <summary>Reads the window's predictions and profiles them.</summary>
    public static async Task<PredictionProfile> BuildAsync(
        IPredictionLogStore log,
        string deployment,
        DateTimeOffset start,
        DateTimeOffset end,
        ProfileOptions? options = null,
        FeatureNameSource? featureNames = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        var builder = new Accumulator(options);
        var names = new Dictionary<(string, string), IReadOnlyList<string>?>();
        await foreach (var record in PredictionLogReader.ReadAsync(log, deployment, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
        {
            IReadOnlyList<string>? recordNames = null;
            if (featureNames is not null && !record.Shadow && !names.TryGetValue((record.Model, record.Version), out recordNames))
            {
                recordNames = await featureNames(record.Model, record.Version, cancellationToken).ConfigureAwait(false);
                names[(record.Model, record.Version)] = recordNames;
            }

            builder.Add(record, recordNames);
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["deployment"] = deployment, ["source"] = "prediction_log" };
        return builder.Finish(start, end, tags);
    }

    /// <summary>Profiles records already in memory (same rules as <see cref="BuildAsync"/>).</summary>
    public static PredictionProfile Build(IEnumerable<PredictionRecord> records, DateTimeOffset? start = null, DateTimeOffset? end = null, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var builder = new Accumulator(options);
        foreach (var record in records)
        {
            builder.Add(record);
        }

        return builder.Finish(start, end, null);
    }

    private sealed class Accumulator(ProfileOptions? options)
    {
        private readonly ProfileBuilder _builder = new(options);
        private readonly List<string> _problems = [];
        private readonly List<(string Column, int Rows, int Width, int Offset, Flat Data)> _pending = [];
        private long _records;
        private long _issues;

        public void Add(PredictionRecord record, IReadOnlyList<string>? featureNames = null)
        {
            if (record.Shadow)
            {
                return;
            }

            _records++;
            _pending.Clear();
            int? rows = null;
            var problem = Collect(record.Inputs, string.Empty, featureNames, ref rows)
                ?? (record.Outputs is null ? null : Collect(record.Outputs, OutputPrefix, null, ref rows));
            if (problem is not null)
            {
                _issues++;
                if (_problems.Count < MaxProblems)
                {
                    _problems.Add($"request '{record.RequestId}' at {record.TimestampMs}: {problem}");
                }

                return;
            }

            foreach (var (column, n, width, offset, data) in _pending)
            {
                var profile = _builder.Column(column);
                for (var row = 0; row < n; row++)
                {
                    data.AddTo(profile, (row * width) + offset);
                }
            }

            _builder.CountRows(rows ?? 0);
        }

        public PredictionProfile Finish(DateTimeOffset? start, DateTimeOffset? end, IEnumerable<KeyValuePair<string, string>>? tags) =>
            new(_builder.Build(start, end, tags), _records, _issues, _problems);

        /// <summary>Parses one tensor map and queues its columns; returns a problem instead of throwing.</summary>
        private string? Collect(string json, string prefix, IReadOnlyList<string>? featureNames, ref int? rows)
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(json);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                return $"{(prefix.Length == 0 ? "inputs" : "outputs")} are not valid JSON ({e.Message})";
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"{(prefix.Length == 0 ? "inputs" : "outputs")} are not a JSON object of tensors";
            }

            // Feature names describe the columns of a model's one input; with several inputs they are ambiguous.
            var names = featureNames is not null && root.EnumerateObject().Count() == 1 ? featureNames : null;
            foreach (var tensor in root.EnumerateObject())
            {
                var problem = Tensor(prefix + tensor.Name, tensor.Value, names, ref rows);
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }

        private string? Tensor(string name, JsonElement tensor, IReadOnlyList<string>? featureNames, ref int? rows)
        {
            if (tensor.ValueKind != JsonValueKind.Object
                || !tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
                || !tensor.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return $"tensor '{name}' lacks a shape or data array";
            }

            var dims = new List<long>();
            foreach (var dim in shape.EnumerateArray())
            {
                if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d) || d < 0)
                {
                    return $"tensor '{name}' has an invalid shape {shape.GetRawText()}";
                }

                dims.Add(d);
            }

            if (dims.Count == 0)
            {
                return $"tensor '{name}' has an empty shape (a scalar has no rows)";
            }

            var length = data.GetArrayLength();
            long width = 1;
            foreach (var d in dims.Skip(1))
            {
                width = d == 0 || width <= length / d ? width * d : long.MaxValue;
            }

            if (width == long.MaxValue || (width == 0 ? 0 : dims[0] > length / width ? -1 : dims[0] * width) != length)
            {
                return $"tensor '{name}' has shape {shape.GetRawText()} but {length} values";
            }

            if (rows is { } r && r != dims[0])
            {
                return $"tensor '{name}' has {dims[0]} rows where another tensor has {r}";
            }

            rows = (int)dims[0];
            var flat = new Flat(data);
            if (dims.Count == 1)
            {
                _pending.Add((name, rows.Value, 1, 0, flat));
            }
            else
            {
                var named = dims.Count == 2 && featureNames?.Count == width ? featureNames : null;
                for (var j = 0; j < width; j++)
                {
                    _pending.Add((named?[j] ?? string.Create(CultureInfo.InvariantCulture, $"{name}[{j}]"), rows.Value, (int)width, j, flat));
                }
            }

            return null;
        }
    }

    /// <summary>A tensor's flat data, read element by element into column profiles.</summary>
    private sealed class Flat(JsonElement data)
    {
        private readonly JsonElement[] _items = [.. data.EnumerateArray()];

        public void AddTo(ColumnProfile column, int index)
        {
            var item = _items[index];
            switch (item.ValueKind)
            {
                case JsonValueKind.Number:
                    column.Add(item.GetDouble());
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    column.Add(item.ValueKind == JsonValueKind.True ? "true" : "false");
                    break;
                case JsonValueKind.String:
                    var text = item.GetString();
                    if (text is "NaN" or "Infinity" or "-Infinity")
                    {
                        column.Add(double.Parse(text, CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        column.Add(text);
                    }

                    break;
                case JsonValueKind.Null:
                    column.AddNull();
                    break;
                default:
                    column.Add(item.GetRawText());
                    break;
            }
        }
    }
}
