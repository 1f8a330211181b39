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

    /// <summary>Profiles predictions one at a time into one running profile (a window's, for the capture writer).</summary>
    internal sealed partial class Accumulator(ProfileOptions? options)
    {
        private readonly ProfileBuilder _builder = new(options);
        private readonly List<string> _problems = [];
        private readonly List<(Columns Columns, int Rows, int Width, FlatData Data)> _pending = [];
        private readonly List<(string Name, FlatData Data, int Rows, long Width, long Stride, int PerRow, long RowStep, long ElementStep, int Channels)> _summaries = [];

        /// <summary>Column names (and, once a record committed them, their profiles) per tensor name, width and feature names.</summary>
        private readonly Dictionary<(string Name, long Width, IReadOnlyList<string>? Names), Columns> _columns = [];
        private int _recordColumns;
        private long _records;
        private long _issues;

        public void Add(PredictionRecord record, IReadOnlyList<string>? featureNames = null)
        {
            if (record.Shadow)
            {
                return;
            }

            Begin();
            int? rows = null;
            var problem = Collect(record.Inputs, string.Empty, featureNames, ref rows)
                ?? (record.Outputs is null ? null : Collect(record.Outputs, OutputPrefix, null, ref rows));
            Commit(problem, record.RequestId, record.TimestampMs, rows);
        }

        public PredictionProfile Finish(DateTimeOffset? start, DateTimeOffset? end, IEnumerable<KeyValuePair<string, string>>? tags) =>
            new(_builder.Build(start, end, tags), _records, _issues, _problems);

        private void Begin()
        {
            _records++;
            _pending.Clear();
            _summaries.Clear();
            _recordColumns = 0;
        }

        /// <summary>Adds the record's queued columns, or counts its problem and adds nothing.</summary>
        private void Commit(string? problem, string requestId, long timestampMs, int? rows)
        {
            if (problem is not null)
            {
                _issues++;
                if (_problems.Count < MaxProblems)
                {
                    _problems.Add($"request '{requestId}' at {timestampMs}: {problem}");
                }

                return;
            }

            foreach (var (columns, n, width, data) in _pending)
            {
                var profiles = columns.Profiles ??= [.. columns.Names.Select(_builder.Column)];
                for (var row = 0; row < n; row++)
                {
                    var first = row * width;
                    for (var j = 0; j < width; j++)
                    {
                        data.AddTo(profiles[j], first + j);
                    }
                }
            }

            foreach (var t in _summaries)
            {
                TensorSummary.Add(_builder, t.Name, t.Data, t.Rows, t.Width, t.Stride, t.PerRow, t.RowStep, t.ElementStep, t.Channels);
            }

            _builder.CountRows(rows ?? 0);
        }

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
                var problem = JsonTensor(prefix + tensor.Name, tensor.Value, names, ref rows);
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }

        private string? JsonTensor(string name, JsonElement tensor, IReadOnlyList<string>? featureNames, ref int? rows)
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

                if (!tensor.TryGetProperty("sample_stride", out var strideElement) || !strideElement.TryGetInt64(out stride) || stride < 1)
                {
                    return $"tensor '{name}' has shape {shape.GetRawText()}, which is not a sample of {sampledFrom.GetRawText()}";
                }
            }

            return Tensor(name, dims, original, stride, new JsonData(data), featureNames, ref rows);
        }

        /// <summary>Checks one tensor's shape against its data and queues its columns (or its summary).</summary>
        private string? Tensor(
            string name, IReadOnlyList<long> dims, IReadOnlyList<long>? original, long stride, FlatData flat, IReadOnlyList<string>? featureNames, ref int? rows)
        {
            if (original is not null)
            {
                long originalWidth = Width(original, long.MaxValue);
                if (dims.Count != 2 || original.Count < 2 || original[0] != dims[0] || originalWidth == long.MaxValue
                    || CaptureLimits.SampledWidth(originalWidth, stride) != dims[1])
                {
                    return $"tensor '{name}' has shape {ShapeOf(dims)}, which is not a sample of {ShapeOf(original)}";
                }
            }

            var length = flat.Length;
            long width = Width(dims, length);
            if (width == long.MaxValue || (width == 0 ? 0 : dims[0] > length / width ? -1 : dims[0] * width) != length)
            {
                return $"tensor '{name}' has shape {ShapeOf(dims)} but {length} values";
            }

            if (rows is { } r && r != dims[0])
            {
                return $"tensor '{name}' has {dims[0]} rows where another tensor has {r}";
            }

            rows = (int)dims[0];
            if (original is null && dims.Count == 1)
            {
                _pending.Add((ColumnsOf(name, -1, null), rows.Value, 1, flat));
                _recordColumns++;
            }
            else if (original is null && dims.Count == 2 && width <= MaxTabularColumns && _recordColumns + width <= MaxColumns)
            {
                _pending.Add((ColumnsOf(name, width, featureNames?.Count == width ? featureNames : null), rows.Value, (int)width, flat));
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

        /// <summary>The columns of a tensor <paramref name="name"/>: its name alone for [N] (<paramref name="width"/> -1), else x[j] or the feature names for [N, width].</summary>
        private Columns ColumnsOf(string name, long width, IReadOnlyList<string>? named)
        {
            var key = (name, width, named);
            if (!_columns.TryGetValue(key, out var columns))
            {
                columns = new Columns(width < 0
                    ? [name]
                    : [.. Enumerable.Range(0, (int)width).Select(j => named?[j] ?? string.Create(CultureInfo.InvariantCulture, $"{name}[{j}]"))]);
                _columns.Add(key, columns);
            }

            return columns;
        }

        /// <summary>A tensor's column names and, once resolved in the builder, their profiles.</summary>
        private sealed class Columns(string[] names)
        {
            public string[] Names { get; } = names;

            public ColumnProfile[]? Profiles { get; set; }
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
    private static long Width(IReadOnlyList<long> dims, long limit)
    {
        long width = 1;
        for (var i = 1; i < dims.Count; i++)
        {
            long d = dims[i];
            width = d == 0 || width <= limit / d ? width * d : long.MaxValue;
            if (width == long.MaxValue)
            {
                return width;
            }
        }

        return width;
    }

    /// <summary>A shape as the log writes it: <c>[1,32]</c>.</summary>
    private static string ShapeOf(IReadOnlyList<long> dims) => "[" + string.Join(',', dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Text as a profile reads it: the words NaN, Infinity and -Infinity are numbers (JSON cannot carry them otherwise).</summary>
    private static void AddText(ColumnProfile column, string? text)
    {
        if (text is "NaN" or "Infinity" or "-Infinity")
        {
            column.Add(double.Parse(text, CultureInfo.InvariantCulture));
        }
        else
        {
            column.Add(text);
        }
    }

    /// <summary>A tensor's flat data, read element by element into column profiles.</summary>
    internal abstract class FlatData
    {
        public abstract int Length { get; }

        /// <summary>The element as a number (numbers and the strings NaN, Infinity, -Infinity); false for anything else.</summary>
        public abstract bool TryGetNumber(int index, out double value);

        public abstract void AddTo(ColumnProfile column, int index);
    }

    /// <summary>Data parsed back from the prediction log's JSON.</summary>
    private sealed class JsonData(JsonElement data) : FlatData
    {
        private readonly JsonElement[] _items = [.. data.EnumerateArray()];

        public override int Length => _items.Length;

        public override bool TryGetNumber(int index, out double value)
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

        public override void AddTo(ColumnProfile column, int index)
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
                    AddText(column, item.GetString());
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
