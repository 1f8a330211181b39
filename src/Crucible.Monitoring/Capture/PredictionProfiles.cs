using System.Globalization;
using System.Text.Json;
using Crucible.Core.Serving;
using Crucible.Stats.Profiles;

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
/// prediction log (shadow predictions left out). An input <c>x</c> of shape [N] is the column <c>x</c>; a tabular
/// one, [N, C] with C at most <see cref="MaxTabularColumns"/> (and the record's columns within <see cref="MaxColumns"/>),
/// the columns <c>x[0]</c>..<c>x[C-1]</c>; anything else (rank 3 or more, wider, or sampled by capture) gets the
/// fixed summary and per-channel columns of <see cref="TensorSummary"/>, so a profile's size does not grow with
/// the tensor's. Outputs give <c>prediction.y</c> / <c>prediction.y[j]</c> by the same rules, so prediction drift
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

    /// <summary>Columns of an [N, C] tensor profiled one by one at most; a wider one is summarised.</summary>
    public const int MaxTabularColumns = 256;

    /// <summary>Channels (axis 1 of a tensor of rank 3 or more) profiled one by one at most; with more, only the summary.</summary>
    public const int MaxChannels = 64;

    /// <summary>
    /// Columns one record adds at most through the per-column rule: a tabular tensor that would pass it is summarised
    /// instead. With the summaries' fixed size this bounds a profile's columns per tensor.
    /// </summary>
    public const int MaxColumns = 1_024;

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
        var names = new FeatureNameCache(featureNames);
        await foreach (var record in PredictionLogReader.ReadAsync(log, deployment, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
        {
            builder.Add(record, await names.GetAsync(record, cancellationToken).ConfigureAwait(false));
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["deployment"] = deployment, ["source"] = "prediction_log" };
        return builder.Finish(start, end, tags);
    }

    /// <summary>Profiles records already in memory (same rules as <see cref="BuildAsync"/>).</summary>
    /// <param name="records">The records.</param>
    /// <param name="start">Window start, if any.</param>
    /// <param name="end">Window end, if any.</param>
    /// <param name="options">Sketch sizes.</param>
    /// <param name="featureNames">The feature names of a record's model version (null: its columns stay ordinal).</param>
    public static PredictionProfile Build(
        IEnumerable<PredictionRecord> records,
        DateTimeOffset? start = null,
        DateTimeOffset? end = null,
        ProfileOptions? options = null,
        Func<PredictionRecord, IReadOnlyList<string>?>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var builder = new Accumulator(options);
        foreach (var record in records)
        {
            builder.Add(record, featureNames?.Invoke(record));
        }

        return builder.Finish(start, end, null);
    }

    private sealed class Accumulator(ProfileOptions? options)
    {
        private readonly ProfileBuilder _builder = new(options);
        private readonly List<string> _problems = [];
        private readonly List<(string Column, int Rows, int Width, int Offset, FlatData Data)> _pending = [];
        private readonly List<(string Name, FlatData Data, int Rows, long Width, long Stride, int PerRow, long RowStep, long ElementStep, int Channels)> _summaries = [];
        private int _recordColumns;
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
            _summaries.Clear();
            _recordColumns = 0;
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

            foreach (var t in _summaries)
            {
                TensorSummary.Add(_builder, t.Name, t.Data, t.Rows, t.Width, t.Stride, t.PerRow, t.RowStep, t.ElementStep, t.Channels);
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

            if (ReadShape(name, shape, out var dims) is { } shapeProblem)
            {
                return shapeProblem;
            }

            // A tensor capture sampled: logged as [N, k], the row's flat elements 0, s, 2s, ... of the original shape.
            List<long>? original = null;
            long stride = 1;
            if (tensor.TryGetProperty("sampled_from", out var sampledFrom))
            {
                if (ReadShape(name, sampledFrom, out original) is { } sampledProblem)
                {
                    return sampledProblem;
                }

                long originalWidth = Width(original, long.MaxValue);
                if (!tensor.TryGetProperty("sample_stride", out var strideElement) || !strideElement.TryGetInt64(out stride) || stride < 1
                    || dims.Count != 2 || original.Count < 2 || original[0] != dims[0] || originalWidth == long.MaxValue
                    || CaptureLimits.SampledWidth(originalWidth, stride) != dims[1])
                {
                    return $"tensor '{name}' has shape {shape.GetRawText()}, which is not a sample of {sampledFrom.GetRawText()}";
                }
            }

            var length = data.GetArrayLength();
            long width = Width(dims, length);
            if (width == long.MaxValue || (width == 0 ? 0 : dims[0] > length / width ? -1 : dims[0] * width) != length)
            {
                return $"tensor '{name}' has shape {shape.GetRawText()} but {length} values";
            }

            if (rows is { } r && r != dims[0])
            {
                return $"tensor '{name}' has {dims[0]} rows where another tensor has {r}";
            }

            rows = (int)dims[0];
            var flat = new FlatData(data);
            if (original is null && dims.Count == 1)
            {
                _pending.Add((name, rows.Value, 1, 0, flat));
                _recordColumns++;
            }
            else if (original is null && dims.Count == 2 && width <= MaxTabularColumns && _recordColumns + width <= MaxColumns)
            {
                var named = featureNames?.Count == width ? featureNames : null;
                for (var j = 0; j < width; j++)
                {
                    _pending.Add((named?[j] ?? string.Create(CultureInfo.InvariantCulture, $"{name}[{j}]"), rows.Value, (int)width, j, flat));
                }

                _recordColumns += (int)width;
            }
            else
            {
                // Summarised: a logged sample is read densely; a whole tensor is sampled here by the same rule.
                var full = original ?? dims;
                long fullWidth = original is null ? width : Width(original, long.MaxValue);
                if (original is null)
                {
                    stride = CaptureLimits.Stride(width);
                }

                int perRow = (int)CaptureLimits.SampledWidth(fullWidth, stride);
                int channels = full.Count >= 3 && full[1] is > 0 and <= MaxChannels ? (int)full[1] : 0;
                _summaries.Add((name, flat, rows.Value, fullWidth, stride, perRow, original is null ? width : perRow, original is null ? stride : 1, channels));
                _recordColumns += TensorSummary.ColumnCount(channels);
            }

            return null;
        }
    }

    /// <summary>Reads a JSON shape: non-negative integers, at least one.</summary>
    private static string? ReadShape(string name, JsonElement shape, out List<long> dims)
    {
        dims = [];
        if (shape.ValueKind != JsonValueKind.Array)
        {
            return $"tensor '{name}' has an invalid shape {shape.GetRawText()}";
        }

        foreach (var dim in shape.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d) || d < 0)
            {
                return $"tensor '{name}' has an invalid shape {shape.GetRawText()}";
            }

            dims.Add(d);
        }

        return dims.Count == 0 ? $"tensor '{name}' has an empty shape (a scalar has no rows)" : null;
    }

    /// <summary>Elements per row (product of the dimensions after the first), or long.MaxValue past <paramref name="limit"/>.</summary>
    private static long Width(List<long> dims, long limit)
    {
        long width = 1;
        foreach (var d in dims.Skip(1))
        {
            width = d == 0 || width <= limit / d ? width * d : long.MaxValue;
            if (width == long.MaxValue)
            {
                return width;
            }
        }

        return width;
    }

    /// <summary>A tensor's flat data, read element by element into column profiles.</summary>
    internal sealed class FlatData(JsonElement data)
    {
        private readonly JsonElement[] _items = [.. data.EnumerateArray()];

        /// <summary>The element as a number (JSON numbers and the strings NaN, Infinity, -Infinity); false for anything else.</summary>
        public bool TryGetNumber(int index, out double value)
        {
            var item = _items[index];
            switch (item.ValueKind)
            {
                case JsonValueKind.Number:
                    return item.TryGetDouble(out value);
                case JsonValueKind.String when item.GetString() is "NaN" or "Infinity" or "-Infinity":
                    value = double.Parse(item.GetString()!, CultureInfo.InvariantCulture);
                    return true;
                default:
                    value = 0;
                    return false;
            }
        }

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
