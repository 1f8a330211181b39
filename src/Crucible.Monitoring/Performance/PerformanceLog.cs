using System.Text.Json;
using Crucible.Core.Serving;

namespace Crucible.Monitoring.Performance;

/// <summary>A window's served rows with their labels, read from the prediction log.</summary>
/// <param name="Rows">Served rows oldest first, one per row of each request's score tensor.</param>
/// <param name="ScoreOutput">The output the scores were read from; null when no record had one.</param>
/// <param name="TwoColumns">True when that output was [N, 2] (column 1 read as P(class 1)).</param>
/// <param name="DataQualityIssues">Records skipped: unreadable outputs, no such output, or a label on a multi-row request.</param>
/// <param name="Problems">The first few problems, one message each.</param>
public sealed record PerformanceData(IReadOnlyList<PerformanceRow> Rows, string? ScoreOutput, bool TwoColumns, long DataQualityIssues, IReadOnlyList<string> Problems)
{
    /// <summary>Rows with a label.</summary>
    public long LabelledRows => Rows.LongCount(r => r.Label is not null);
}

/// <summary>
/// Reads a deployment's served predictions in [start, end) (shadow predictions left out) with their posted labels.
/// The score is taken from <c>scoreOutput</c> when named, else from the record's first output with a float datatype
/// (FP16, FP32, FP64): of shape [N, 2] column 1 is the score (P(class 1)), of shape [N, 1] or [N] the value itself.
/// A label joins by request id and applies to a request of one row; a labelled request of several rows cannot say
/// which row it labels and is counted as a data-quality issue (its rows still count, unlabelled).
/// </summary>
public static class PerformanceLog
{
    public static async Task<PerformanceData> ReadAsync(
        IPredictionLogStore log,
        IPredictionLabelStore labels,
        string deployment,
        long startMs,
        long endMs,
        string? scoreOutput = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(labels);
        var known = await labels.GetLabelsAsync(deployment, startMs, endMs, cancellationToken).ConfigureAwait(false);
        var reader = new Reader(scoreOutput, known);
        await foreach (var record in Capture.PredictionLogReader.ReadAsync(log, deployment, startMs, endMs, cancellationToken).ConfigureAwait(false))
        {
            reader.Add(record);
        }

        return reader.Finish();
    }

    /// <summary>Reads records already in memory with the given labels (same rules as <see cref="ReadAsync"/>).</summary>
    public static PerformanceData Read(IEnumerable<PredictionRecord> records, IReadOnlyDictionary<string, double> labels, string? scoreOutput = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var reader = new Reader(scoreOutput, labels);
        foreach (var record in records)
        {
            reader.Add(record);
        }

        return reader.Finish();
    }

    private sealed class Reader(string? scoreOutput, IReadOnlyDictionary<string, double> labels)
    {
        private readonly List<PerformanceRow> _rows = [];
        private readonly List<string> _problems = [];
        private string? _output = scoreOutput;
        private bool _twoColumns;
        private long _issues;

        public void Add(PredictionRecord record)
        {
            if (record.Shadow || record.Outputs is null)
            {
                return;
            }

            var problem = Scores(record, out var scores);
            labels.TryGetValue(record.RequestId, out var label);
            var labelled = labels.ContainsKey(record.RequestId);
            if (problem is null && labelled && scores.Count != 1)
            {
                problem = $"it is labelled but has {scores.Count} rows";
                labelled = false;
            }

            if (problem is not null)
            {
                _issues++;
                if (_problems.Count < Capture.PredictionProfiles.MaxProblems)
                {
                    _problems.Add($"request '{record.RequestId}' at {record.TimestampMs}: {problem}");
                }

                if (scores.Count == 0)
                {
                    return;
                }
            }

            foreach (var score in scores)
            {
                _rows.Add(new PerformanceRow(record.TimestampMs, record.RequestId, score, labelled ? label : null));
            }
        }

        public PerformanceData Finish() => new(_rows, _output, _twoColumns, _issues, _problems);

        private string? Scores(PredictionRecord record, out List<double> scores)
        {
            scores = [];
            try
            {
                using var document = JsonDocument.Parse(record.Outputs!);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return "outputs are not a JSON object of tensors";
                }

                JsonElement? tensor = null;
                foreach (var output in document.RootElement.EnumerateObject())
                {
                    if (_output is null ? IsFloat(output.Value) : output.NameEquals(_output))
                    {
                        _output ??= output.Name;
                        tensor = output.Value;
                        break;
                    }
                }

                return tensor is { } t ? Read(t, scores) : _output is null ? "no output has a float datatype" : $"no output named '{_output}'";
            }
            catch (JsonException e)
            {
                return $"outputs are not valid JSON ({e.Message})";
            }
        }

        private string? Read(JsonElement tensor, List<double> scores)
        {
            if (tensor.ValueKind != JsonValueKind.Object
                || !tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
                || !tensor.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return $"output '{_output}' lacks a shape or data array";
            }

            var dims = shape.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out var v) ? v : -1).ToArray();
            var width = dims.Length switch
            {
                1 => 1,
                2 when dims[1] is 1 or 2 => (int)dims[1],
                _ => 0,
            };
            if (width == 0 || dims[0] < 0 || dims[0] * width != data.GetArrayLength())
            {
                return $"output '{_output}' has shape {shape.GetRawText()} with {data.GetArrayLength()} values; scores need [N], [N, 1] or [N, 2]";
            }

            _twoColumns |= width == 2;
            var values = data.EnumerateArray().ToArray();
            for (var row = 0; row < dims[0]; row++)
            {
                var item = values[(row * width) + width - 1];
                if (item.ValueKind != JsonValueKind.Number)
                {
                    scores.Clear();
                    return $"output '{_output}' row {row} is not a number";
                }

                scores.Add(item.GetDouble());
            }

            return null;
        }

        private static bool IsFloat(JsonElement tensor) =>
            tensor.ValueKind == JsonValueKind.Object && tensor.TryGetProperty("datatype", out var type) && type.ValueKind == JsonValueKind.String
            && type.GetString() is "FP16" or "BF16" or "FP32" or "FP64";
    }
}
