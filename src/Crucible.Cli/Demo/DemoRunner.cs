using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Evaluation.Models;
using Crucible.Pipelines.Training;

namespace Crucible.Cli.Demo;

/// <summary>Where the demo keeps its files and what it produced, for the summary.</summary>
internal sealed record DemoSettings(string Folder, int Seed, int TrafficRequests, int RowsPerRequest);

/// <summary>
/// The whole loop against a server the demo started: churn data → dataset versions → a trained, registered and
/// evaluated champion → a deployment with capture → traffic that drifts half way → a drift monitor whose alert
/// asks for retraining → the retraining pipeline (train on recent customers, evaluate, gate against the champion,
/// canary, promote). Each step reports through <see cref="IDemoProgress"/>.
/// </summary>
internal sealed partial class DemoRunner(DemoHttp http, Uri server, DemoSettings settings, IDemoProgress progress, TimeProvider time)
{
    public const string ModelName = "churn";
    public const string DeploymentName = "churn";
    public const string ChampionAlias = "champion";
    private const string Trainer = "gbt_classifier";

    private readonly DemoSummary _summary = new() { Server = server.ToString().TrimEnd('/'), Folder = settings.Folder };

    // What registration answered per dataset name: its version and MLflow-length digest, for the runs' inputs.
    private readonly Dictionary<string, (string Version, string Digest)> _datasets = new(StringComparer.Ordinal);

    public async Task<DemoSummary> RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random(settings.Seed);
        var files = await StepAsync("Generate churn data", () => Task.FromResult(GenerateData(random)));
        await StepAsync("Register datasets", () => RegisterDatasetsAsync(files));
        var trained = await StepAsync("Train the first model", () => Task.FromResult(Train(files.Train, cancellationToken)));
        var runId = await StepAsync("Log the training run", () => LogRunAsync(trained, "churn-train"));
        var version = await StepAsync("Register and alias it champion", () => RegisterAsync(runId));
        await StepAsync("Evaluate with slices and fairness", () => EvaluateAsync(version, files.Holdout));
        await StepAsync("Deploy with capture", DeployAsync);
        var traffic = await StepAsync("Serve traffic that drifts half way", () => SendTrafficAsync(random, cancellationToken));
        await StepAsync("Register the retraining pipeline", RegisterPipelineAsync);
        await StepAsync("Watch: drift monitor, alert, retraining signal", () => MonitorAsync(traffic));
        await RetrainAsync(random, cancellationToken);
        await StepAsync("Collect the final state", CollectAsync);
        return _summary;
    }

    private async Task<T> StepAsync<T>(string title, Func<Task<T>> step)
    {
        progress.Started(title);
        var watch = Stopwatch.StartNew();
        var result = await step();
        var detail = _summary.LastDetail;
        _summary.Steps.Add(new DemoStep(title, watch.Elapsed.TotalSeconds, detail));
        progress.Finished(title, watch.Elapsed, detail);
        _summary.LastDetail = null;
        return result;
    }

    private Task StepAsync(string title, Func<Task> step) => StepAsync(title, async () =>
    {
        await step();
        return true;
    });

    private DemoFiles GenerateData(Random random)
    {
        Directory.CreateDirectory(settings.Folder);
        var files = new DemoFiles(
            Path.Combine(settings.Folder, "churn-train.csv"),
            Path.Combine(settings.Folder, "churn-holdout.csv"),
            Path.Combine(settings.Folder, "churn-recent.csv"),
            Path.Combine(settings.Folder, "churn-recent-holdout.csv"));
        ChurnScenario.WriteCsv(files.Train, ChurnScenario.Generate(6000, ChurnPopulation.Baseline, random));
        ChurnScenario.WriteCsv(files.Holdout, ChurnScenario.Generate(2000, ChurnPopulation.Baseline, random));
        ChurnScenario.WriteCsv(files.Recent, ChurnScenario.Generate(6000, ChurnPopulation.PriceRise, random));
        ChurnScenario.WriteCsv(files.RecentHoldout, ChurnScenario.Generate(2000, ChurnPopulation.PriceRise, random));
        _summary.LastDetail = "6,000 customers to train on and 2,000 held out; 6,000 + 2,000 recent customers after a price rise";
        return files;
    }

    private async Task RegisterDatasetsAsync(DemoFiles files)
    {
        foreach (var (name, path, description) in new[]
        {
            ("churn-train", files.Train, "Customers of the last year with their churn outcome."),
            ("churn-holdout", files.Holdout, "Held-out customers of the last year, for evaluation."),
            ("churn-recent", files.Recent, "Customers since the price rise, with outcomes; the retraining data."),
            ("churn-recent-holdout", files.RecentHoldout, "Held-out customers since the price rise, for the retrained model's evaluation."),
        })
        {
            var query = $"format=csv&owner=demo&license=CC0-1.0&source={Uri.EscapeDataString(Path.GetFullPath(path))}&description={Uri.EscapeDataString(description)}";
            var answer = await http.PostBytesAsync($"{DemoHttp.Native}datasets/{name}/versions?{query}", await File.ReadAllBytesAsync(path), "text/csv");
            var registered = answer["dataset_version"]!;
            _datasets[name] = (registered["version"]!.ToString(), registered["mlflow_digest"]?.GetValue<string>() ?? "unknown");
            _summary.Datasets.Add($"{name}@{_datasets[name].Version}");
        }

        _summary.LastDetail = string.Join(", ", _summary.Datasets);
    }

    private TrainedModel Train(string path, CancellationToken cancellationToken)
    {
        var data = Dataset.Read(path, ChurnScenario.Label, excludeColumns: ChurnScenario.NonFeatures);
        var trainer = Trainers.Create(Trainer);
        var model = trainer.Train(data, ChurnScenario.Label, new Dictionary<string, string> { ["max_iter"] = "60", ["seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture) }, null, cancellationToken);
        _summary.LastDetail = $"{Trainer} on {data.RowCount:N0} rows, {Describe(model.Metrics)}";
        return model;
    }

    private async Task<string> LogRunAsync(TrainedModel model, string dataset)
    {
        var experiment = await EnsureExperimentAsync("churn-demo");
        var start = time.GetUtcNow().ToUnixTimeMilliseconds();
        var created = await http.PostAsync($"{DemoHttp.Mlflow}runs/create", new JsonObject
        {
            ["experiment_id"] = experiment,
            ["run_name"] = $"train-{model.Trainer}",
            ["start_time"] = start,
        });
        var runId = created["run"]!["info"]!["run_id"]!.GetValue<string>();
        var parameters = new JsonArray();
        foreach (var (key, value) in model.Parameters)
        {
            parameters.Add(new JsonObject { ["key"] = key, ["value"] = value });
        }

        parameters.Add(new JsonObject { ["key"] = "trainer", ["value"] = model.Trainer });
        var metrics = new JsonArray();
        foreach (var (key, value) in model.Metrics.Where(m => double.IsFinite(m.Value)))
        {
            metrics.Add(new JsonObject { ["key"] = "train." + key, ["value"] = value, ["timestamp"] = start, ["step"] = 0 });
        }

        await http.PostAsync($"{DemoHttp.Mlflow}runs/log-batch", new JsonObject { ["run_id"] = runId, ["params"] = parameters, ["metrics"] = metrics });
        var (version, digest) = _datasets[dataset];
        await http.PostAsync($"{DemoHttp.Mlflow}runs/log-inputs", new JsonObject
        {
            ["run_id"] = runId,
            ["datasets"] = new JsonArray(new JsonObject
            {
                ["dataset"] = new JsonObject { ["name"] = dataset, ["digest"] = digest, ["source_type"] = "crucible", ["source"] = $"datasets:/{dataset}/{version}" },
                ["tags"] = new JsonArray(new JsonObject { ["key"] = "mlflow.data.context", ["value"] = "training" }),
            }),
        });
        var package = await http.PostBytesAsync($"{DemoHttp.Native}runs/{runId}/packages/model", model.Onnx, "application/octet-stream");
        _summary.LastDetail = $"run {runId}, package {package["source"]}";
        await http.PostAsync($"{DemoHttp.Mlflow}runs/update", new JsonObject
        {
            ["run_id"] = runId, ["status"] = "FINISHED", ["end_time"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        _summary.Runs.Add(runId);
        return runId;
    }

    private async Task<string> EnsureExperimentAsync(string name)
    {
        try
        {
            return (await http.GetAsync($"{DemoHttp.Mlflow}experiments/get-by-name?experiment_name={name}"))["experiment"]!["experiment_id"]!.GetValue<string>();
        }
        catch (Commands.ModelsCommandException)
        {
            return (await http.PostAsync($"{DemoHttp.Mlflow}experiments/create", new JsonObject { ["name"] = name }))["experiment_id"]!.GetValue<string>();
        }
    }

    private async Task<string> RegisterAsync(string runId)
    {
        await http.PostAsync($"{DemoHttp.Mlflow}registered-models/create", new JsonObject
        {
            ["name"] = ModelName, ["description"] = "Predicts which customers will cancel next month.",
        });
        var version = (await http.PostAsync($"{DemoHttp.Mlflow}model-versions/create", new JsonObject
        {
            ["name"] = ModelName, ["source"] = $"runs:/{runId}/model", ["run_id"] = runId,
        }))["model_version"]!["version"]!.GetValue<string>();
        await http.PostAsync($"{DemoHttp.Mlflow}registered-models/alias", new JsonObject { ["name"] = ModelName, ["alias"] = ChampionAlias, ["version"] = version });
        _summary.LastDetail = $"{ModelName} version {version} @{ChampionAlias}";
        return version;
    }

    private async Task EvaluateAsync(string version, string holdout)
    {
        var answer = await http.PostAsync($"{DemoHttp.Native}models/{ModelName}/versions/{version}/evaluations", new JsonObject
        {
            ["dataset_csv"] = await File.ReadAllTextAsync(holdout),
            ["label_column"] = ChurnScenario.Label,
            ["exclude_columns"] = Strings(ChurnScenario.NonFeatures),
            ["slice_by"] = Strings([ChurnScenario.Segment]),
            ["sensitive"] = ChurnScenario.Sensitive,
            ["score_output"] = "probabilities",
            ["dataset_name"] = "holdout",
            ["seed"] = settings.Seed,
        });
        var metrics = answer["metrics"]!.AsObject();
        _summary.ChampionRocAuc = metrics["roc_auc"]?.GetValue<double>();
        await SaveReportAsync(answer, $"evaluation-v{version}.html", $"Evaluation of version {version} (slices, fairness)");

        _summary.LastDetail = $"holdout ROC AUC {Format(_summary.ChampionRocAuc)}, F1 {Format(metrics["f1"]?.GetValue<double>())}";
    }

    /// <summary>Copies an evaluation's HTML report from the run's artifacts into the demo folder and links both.</summary>
    private async Task SaveReportAsync(JsonNode evaluation, string fileName, string title)
    {
        var runId = evaluation["run_id"]?.GetValue<string>();
        var report = (evaluation["artifacts"]?.AsArray() ?? []).Select(a => a?.GetValue<string>()).FirstOrDefault(p => p?.EndsWith(".html", StringComparison.Ordinal) == true);
        if (runId is null || report is null)
        {
            return;
        }

        var root = (await http.GetAsync($"{DemoHttp.Mlflow}runs/get?run_id={runId}"))["run"]!["info"]!["artifact_uri"]!.GetValue<string>();
        const string Proxy = "mlflow-artifacts:/";
        if (!root.StartsWith(Proxy, StringComparison.Ordinal))
        {
            return;
        }

        var url = $"api/2.0/mlflow-artifacts/artifacts/{root[Proxy.Length..].TrimStart('/')}/{report}";
        var local = Path.Combine(settings.Folder, "reports", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        await File.WriteAllBytesAsync(local, await http.GetBytesAsync(url));
        _summary.Reports.Add(new DemoLink(title, local));
        _summary.Reports.Add(new DemoLink(title + " on the server", $"{_summary.Server}/{url}"));
    }

    private async Task DeployAsync()
    {
        await http.PostAsync($"{DemoHttp.Native}deployments", new JsonObject
        {
            ["name"] = DeploymentName,
            ["routes"] = new JsonArray(new JsonObject { ["model"] = ModelName, ["alias"] = ChampionAlias, ["weight"] = 100 }),
            ["capture"] = true,
            ["description"] = "Churn scoring for the retention team.",
        });
        await WaitReadyAsync();
        _summary.LastDetail = $"{_summary.Server}/v2/models/{DeploymentName}/infer and /deployments/{DeploymentName}/invocations";
    }

    private async Task WaitReadyAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var status = (await http.GetAsync($"{DemoHttp.Native}deployments/{DeploymentName}"))["deployment"]?["status"]?.AsArray();
            if (status is not null && status.All(s => s?["state"]?.GetValue<string>() == "ready"))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new Commands.ModelsCommandException($"deployment '{DeploymentName}' did not become ready.");
    }

    /// <summary>Sends one OIP request of <paramref name="customers"/>; returns the versions that answered.</summary>
    private async Task<string> InferAsync(IReadOnlyList<ChurnScenario.Customer> customers)
    {
        var data = new StringBuilder();
        foreach (var customer in customers)
        {
            foreach (var value in customer.Features)
            {
                data.Append(data.Length == 0 ? string.Empty : ",").Append(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        var body = JsonNode.Parse(
            $"{{\"inputs\":[{{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[{customers.Count},{ChurnScenario.Features.Count}],\"data\":[{data}]}}]}}")!;
        var answer = await http.PostAsync($"v2/models/{DeploymentName}/infer", body);
        return answer["model_version"]?.GetValue<string>() ?? "?";
    }

    private static string Describe(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", metrics.Take(3).Select(m => $"{m.Key} {m.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));

    internal static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private sealed record DemoFiles(string Train, string Holdout, string Recent, string RecentHoldout);
}
