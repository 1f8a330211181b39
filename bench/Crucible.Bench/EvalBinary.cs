using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;

namespace Crucible.Bench;

/// <summary>
/// Scenario <c>eval-binary</c> (issue 5): the full binary evaluation preset (<see cref="Evaluator"/> on a
/// <see cref="PredictionTable.Binary"/> table, no bootstrap, slices or fairness) on 10^4 .. 10^7 seeded rows, against
/// scikit-learn computing the same values on the same data in the same run (<c>bench/eval/sklearn_binary.py</c>).
/// The smallest size is checked: every value must equal sklearn's to <see cref="Tolerance"/>, or the scenario fails.
/// </summary>
internal static class EvalBinary
{
    public const string DefaultScript = "bench/eval/sklearn_binary.py";
    public const string DefaultPython = PythonScript.DefaultPython;
    private const int CheckedRows = 10_000;
    private const double Tolerance = 1e-9;

    public static List<Row> Measure(string workDirectory, int maxRows, int repeat, string python, string script)
    {
        var rows = new List<Row>();
        for (var n = CheckedRows; n <= maxRows; n = checked(n * 10))
        {
            rows.Add(MeasureSize(workDirectory, n, repeat, python, script));
        }

        return rows;
    }

    private static Row MeasureSize(string workDirectory, int n, int repeat, string python, string script)
    {
        var (labels, scores) = Generate(n);
        var labelsPath = Path.Combine(workDirectory, $"eval-{n}.labels.i8");
        var scoresPath = Path.Combine(workDirectory, $"eval-{n}.scores.f64");
        File.WriteAllBytes(labelsPath, [.. labels.Select(y => (byte)y)]);
        File.WriteAllBytes(scoresPath, MemoryMarshal.AsBytes(scores.AsSpan()).ToArray());

        var spec = EvaluationSpec.ForBinary(new PredictionColumns("label", Scores: ["score"]));
        var result = Evaluate(labels, scores, spec); // warmup
        var samples = new Samples();
        var totals = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var started = Stopwatch.GetTimestamp();
            result = Evaluate(labels, scores, spec);
            totals.Add(Samples.Since(started));
            samples.Add(totals[^1]);
        }

        var sklearn = RunSklearn(python, script, labelsPath, scoresPath, repeat);
        File.Delete(labelsPath);
        File.Delete(scoresPath);
        var check = "";
        if (n == CheckedRows)
        {
            var compared = Compare(result, sklearn.Values);
            check = string.Create(CultureInfo.InvariantCulture, $"; all {compared} values equal sklearn's to {Tolerance:0e0}");
        }

        var crucible = samples.Percentile(50);
        var theirs = Median(sklearn.TimesMs);
        var positives = labels.Count(y => y == 1);
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"Crucible median {Report.Ms(crucible)} ms; sklearn {sklearn.Version} median **{Report.Ms(theirs)} ms** ({Report.Ms(sklearn.TimesMs.Min())}–{Report.Ms(sklearn.TimesMs.Max())}); " +
            $"sklearn / Crucible = **{theirs / crucible:0.0}×**; {positives:N0} positives, {result.Metrics.Count} metrics + confusion matrix, ROC, PR, calibration, ECE{check}");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   n={n:N0}: Crucible {Report.Ms(crucible)} ms, sklearn {Report.Ms(theirs)} ms, ratio {theirs / crucible:0.0}"));
        return new Row(string.Create(CultureInfo.InvariantCulture, $"eval-binary: Evaluator, binary preset, {n:N0} rows"), "in-process", samples, totals, notes) { CallsPerPass = 1 };
    }

    /// <summary>What a caller with in-memory arrays does: build the table (validation included), then evaluate.</summary>
    private static EvaluationResult Evaluate(int[] labels, double[] scores, EvaluationSpec spec) =>
        Evaluator.Evaluate(PredictionTable.Binary(labels, scores), spec);

    /// <summary>
    /// Labels ~ Bernoulli(0.3); the probability of class 1 is a logistic of a label-shifted normal, rounded to float32
    /// as a model's output is (so large sizes have ties). <c>new Random(42)</c> for every size.
    /// </summary>
    private static (int[] Labels, double[] Scores) Generate(int n)
    {
        var random = new Random(42);
        var labels = new int[n];
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            var y = random.NextDouble() < 0.3 ? 1 : 0;
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            var logit = (y == 1 ? 0.6 : -1.4) + (1.2 * z);
            labels[i] = y;
            scores[i] = (float)(1.0 / (1.0 + Math.Exp(-logit)));
        }

        return (labels, scores);
    }

    private static SklearnRun RunSklearn(string python, string script, string labelsPath, string scoresPath, int repeat)
    {
        var stdout = PythonScript.Run("eval-binary", python, script, labelsPath, scoresPath, "--repeat", repeat.ToString(CultureInfo.InvariantCulture));
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var times = root.GetProperty("times_ms").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        var version = root.GetProperty("sklearn").GetString() ?? "?";
        return new SklearnRun(version, times, root.Clone());
    }

    /// <summary>Compares every value of the result with sklearn's; throws on the first difference above the tolerance.</summary>
    private static int Compare(EvaluationResult result, JsonElement sklearn)
    {
        var compared = 0;
        void Same(string name, double ours, double theirs)
        {
            if (!(Math.Abs(ours - theirs) <= Tolerance))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"eval-binary: {name} is {ours:R} in Crucible but {theirs:R} in sklearn (tolerance {Tolerance:0e0})."));
            }

            compared++;
        }

        void SameList(string name, IReadOnlyList<double> ours, JsonElement theirs)
        {
            var expected = theirs.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            if (ours.Count != expected.Length)
            {
                throw new InvalidOperationException($"eval-binary: {name} has {ours.Count} points in Crucible but {expected.Length} in sklearn.");
            }

            for (var i = 0; i < expected.Length; i++)
            {
                Same($"{name}[{i}]", ours[i], expected[i]);
            }
        }

        var metrics = sklearn.GetProperty("metrics");
        foreach (var metric in metrics.EnumerateObject())
        {
            if (!result.Metrics.TryGetValue(metric.Name, out var ours))
            {
                throw new InvalidOperationException($"eval-binary: Crucible did not compute {metric.Name}.");
            }

            Same(metric.Name, ours, metric.Value.GetDouble());
        }

        if (result.Metrics.Count != metrics.EnumerateObject().Count())
        {
            throw new InvalidOperationException($"eval-binary: Crucible computed {result.Metrics.Count} metrics, the script {metrics.EnumerateObject().Count()}.");
        }

        var curves = result.Curves ?? throw new InvalidOperationException("eval-binary: Crucible computed no curves.");
        var matrix = sklearn.GetProperty("confusion_matrix").EnumerateArray().ToArray();
        for (var r = 0; r < matrix.Length; r++)
        {
            SameList($"confusion_matrix[{r}]", curves.ConfusionMatrix[r], matrix[r]);
        }

        SameList("roc_fpr", curves.RocFpr, sklearn.GetProperty("roc_fpr"));
        SameList("roc_tpr", curves.RocTpr, sklearn.GetProperty("roc_tpr"));
        SameList("pr_precision", curves.PrPrecision, sklearn.GetProperty("pr_precision"));
        SameList("pr_recall", curves.PrRecall, sklearn.GetProperty("pr_recall"));
        SameList("calibration_fraction_positive", curves.CalibrationFractionPositive, sklearn.GetProperty("calibration_fraction_positive"));
        SameList("calibration_mean_predicted", curves.CalibrationMeanPredicted, sklearn.GetProperty("calibration_mean_predicted"));
        Same("expected_calibration_error", curves.ExpectedCalibrationError ?? double.NaN, sklearn.GetProperty("expected_calibration_error").GetDouble());
        return compared;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(sorted.Length - 1) / 2];
    }

    private sealed record SklearnRun(string Version, double[] TimesMs, JsonElement Values);
}
