using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Pipelines.Training;
using Crucible.Stats.Metrics;

namespace Crucible.Bench;

/// <summary>
/// <c>training [--rows N] [--python P]</c> (issue 8): bench/training/sklearn_trainers.py writes a seeded train/test
/// split and fits scikit-learn's LogisticRegression and HistGradientBoostingClassifier; then Crucible's
/// <c>logistic_regression</c> and <c>gbt_classifier</c> train on the same train.csv, their exported ONNX is scored on
/// test.csv through ONNX Runtime, and the ROC AUCs and fit times are printed side by side (target: within 0.01).
/// </summary>
internal static class TrainingBench
{
    public const string Command = "training";
    private const double AucTolerance = 0.01;

    public static int Run(string[] args)
    {
        var rows = Option(args, "--rows", "50000");
        var python = Option(args, "--python", PythonScript.DefaultPython);
        var script = Option(args, "--script", Path.Combine("bench", "training", "sklearn_trainers.py"));
        var directory = Directory.CreateTempSubdirectory("crucible-training-bench-").FullName;
        try
        {
            var sklearn = RunSklearn(python, script, directory, rows);
            var train = Dataset.Read(Path.Combine(directory, "train.csv"), "y");
            var test = Dataset.Read(Path.Combine(directory, "test.csv"), "y");
            var labels = test.NumericColumn("y").Select(v => (int)v).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| Trainer | Crucible ROC AUC | scikit-learn {sklearn.GetProperty("sklearn").GetString()} ROC AUC | difference | Crucible fit (s) | scikit-learn fit (s) | within {AucTolerance} |"));
            Console.WriteLine("|---|---|---|---|---|---|---|");
            var ok = true;
            ok &= Compare("logistic_regression", "LogisticRegression()", sklearn.GetProperty("logistic_regression"), train, test, labels);
            ok &= Compare("gbt_classifier", "HistGradientBoostingClassifier()", sklearn.GetProperty("hist_gradient_boosting"), train, test, labels);
            ok &= Compare("gbt_classifier", "HistGradientBoostingClassifier(early_stopping=False)", sklearn.GetProperty("hist_gradient_boosting_no_early_stopping"), train, test, labels);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\n{train.RowCount:N0} train / {test.RowCount:N0} test rows, {train.FeatureNames.Count} features, {Environment.ProcessorCount} cores, ONNX Runtime {OnnxSession.RuntimeVersion}."));
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static bool Compare(string trainer, string sklearnName, JsonElement sklearn, Dataset train, Dataset test, int[] labels)
    {
        var started = Stopwatch.GetTimestamp();
        var model = Trainers.Create(trainer).Train(train, "y", new Dictionary<string, string>(), null, CancellationToken.None);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        using var session = new OnnxSession(model.Onnx);
        var outputs = session.Run([KeyValuePair.Create("input", (OnnxTensor)OnnxTensor.FromArray(test.Features, test.RowCount, test.FeatureNames.Count))]);
        var p = outputs["probabilities"].AsTensor().ToArray<float>();
        var scores = Enumerable.Range(0, test.RowCount).Select(i => (double)p[(2 * i) + 1]).ToArray();
        var auc = RankingMetrics.RocAuc(labels, scores);
        var theirs = sklearn.GetProperty("auc").GetDouble();
        var within = Math.Abs(auc - theirs) <= AucTolerance;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {trainer} (n_iter {model.Metrics["n_iter"]}) vs {sklearnName} (n_iter {sklearn.GetProperty("n_iter").GetInt32()}) | {auc:0.0000} | {theirs:0.0000} | {auc - theirs:0.00000} | {seconds:0.00} | {sklearn.GetProperty("fit_seconds").GetDouble():0.00} | {(within ? "yes" : "NO")} |"));
        return within;
    }

    private static JsonElement RunSklearn(string python, string script, string directory, string rows) =>
        JsonDocument.Parse(PythonScript.Run(Command, python, script, directory, rows)).RootElement.Clone();

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
