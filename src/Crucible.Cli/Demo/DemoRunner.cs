using System.Diagnostics;
using System.Globalization;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Evaluation;
using Crucible.Contracts.Mlflow;
using Crucible.Contracts.Serving;
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
internal sealed partial class DemoRunner(CrucibleClient client, Uri server, DemoSettings settings, IDemoProgress progress, TimeProvider time)
{
    public const string ModelName = "churn";
    public const string DeploymentName = "churn";
    public const string ChampionAlias = "champion";
    private const string Trainer = "gbt_classifier";

    private readonly DemoSummary _summary = new() { Server = server.ToString().TrimEnd('/'), Folder = settings.Folder };

    // What registration answered per dataset name: its version and MLflow-length digest, for the runs' inputs.
    private readonly Dictionary<string, (string Version, string Digest)> _datasets = new(StringComparer.Ordinal);

    // Every request of the run stops with it (Ctrl+C).
    private CancellationToken _stop;

    public async Task<DemoSummary> RunAsync(CancellationToken cancellationToken)
    {
        _stop = cancellationToken;
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
        await StepAsync("Evaluate the champion and write its model card", () => CardAsync(files.RecentHoldout));
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
            var options = new DatasetRegistrationOptions("csv", Path.GetFullPath(path), "demo", "CC0-1.0", description);
            var registered = (await client.RegisterDatasetFileAsync(name, path, options, cancellationToken: _stop)).DatasetVersion;
            _datasets[name] = (registered.Version.ToString(CultureInfo.InvariantCulture), registered.MlflowDigest);
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
        var runId = (await client.CreateRunAsync(experiment, $"train-{model.Trainer}", start, cancellationToken: _stop)).Info.RunId;
        var parameters = model.Parameters.Select(p => new KeyValue(p.Key, p.Value)).Append(new KeyValue("trainer", model.Trainer));
        var metrics = model.Metrics.Where(m => double.IsFinite(m.Value)).Select(m => new MetricDto("train." + m.Key, m.Value, start, 0));
        await client.LogBatchAsync(runId, metrics, parameters, cancellationToken: _stop);
        var (version, digest) = _datasets[dataset];
        await client.LogInputsAsync(runId, [
            new DatasetInputDto([new KeyValue("mlflow.data.context", "training")], new DatasetDto(dataset, digest, "crucible", $"datasets:/{dataset}/{version}", null, null)),
        ], cancellationToken: _stop);
        var package = await client.WriteModelPackageAsync(runId, new MemoryStream(model.Onnx, writable: false), cancellationToken: _stop);
        _summary.LastDetail = $"run {runId}, package {package.Source}";
        await client.UpdateRunAsync(runId, RunStatus.Finished, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken: _stop);
        _summary.Runs.Add(runId);
        return runId;
    }

    private async Task<string> EnsureExperimentAsync(string name)
    {
        try
        {
            return (await client.GetExperimentByNameAsync(name, cancellationToken: _stop)).ExperimentId;
        }
        catch (CrucibleApiException e) when (e.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return await client.CreateExperimentAsync(name, cancellationToken: _stop);
        }
    }

    private async Task<string> RegisterAsync(string runId)
    {
        await client.CreateRegisteredModelAsync(ModelName, "Predicts which customers will cancel next month.", cancellationToken: _stop);
        var version = (await client.CreateModelVersionAsync(ModelName, $"runs:/{runId}/model", runId, cancellationToken: _stop)).Version;
        await client.SetRegisteredModelAliasAsync(ModelName, ChampionAlias, version, cancellationToken: _stop);
        _summary.LastDetail = $"{ModelName} version {version} @{ChampionAlias}";
        return version;
    }

    private async Task EvaluateAsync(string version, string holdout)
    {
        var answer = await client.EvaluateModelVersionAsync(ModelName, version, new EvaluateVersionRequest
        {
            DatasetCsv = await File.ReadAllTextAsync(holdout),
            LabelColumn = ChurnScenario.Label,
            ExcludeColumns = [.. ChurnScenario.NonFeatures],
            SliceBy = [ChurnScenario.Segment],
            Sensitive = ChurnScenario.Sensitive,
            ScoreOutput = "probabilities",
            DatasetName = "holdout",
            Seed = settings.Seed,
        }, cancellationToken: _stop);
        _summary.ChampionRocAuc = Metric(answer.Metrics, "roc_auc");
        await SaveReportAsync(answer, $"evaluation-v{version}.html", $"Evaluation of version {version} (slices, fairness)");

        _summary.LastDetail = $"holdout ROC AUC {Format(_summary.ChampionRocAuc)}, F1 {Format(Metric(answer.Metrics, "f1"))}";
    }

    private static double? Metric(IReadOnlyDictionary<string, double> metrics, string name) => metrics.TryGetValue(name, out var value) ? value : null;

    /// <summary>Copies an evaluation's HTML report from the run's artifacts into the demo folder and links both.</summary>
    private async Task SaveReportAsync(EvaluationResponse evaluation, string fileName, string title)
    {
        var report = evaluation.Artifacts.FirstOrDefault(p => p.EndsWith(".html", StringComparison.Ordinal));
        if (evaluation.RunId is not { } runId || report is null)
        {
            return;
        }

        var root = (await client.GetRunAsync(runId, cancellationToken: _stop)).Info.ArtifactUri;
        if (!root.StartsWith("mlflow-artifacts:", StringComparison.Ordinal))
        {
            return;
        }

        var path = CrucibleClient.ArtifactProxyPath(root, report);
        var local = Path.Combine(settings.Folder, "reports", fileName);
        await client.DownloadArtifactFileAsync(path, local, cancellationToken: _stop);
        _summary.Reports.Add(new DemoLink(title, local));
        _summary.Reports.Add(new DemoLink(title + " on the server", $"{_summary.Server}/api/2.0/mlflow-artifacts/artifacts/{path}"));
    }

    private async Task DeployAsync()
    {
        await client.CreateDeploymentAsync(new DeploymentRequest(
            DeploymentName, [new DeploymentRouteDto(ModelName, Alias: ChampionAlias, Weight: 100)], Description: "Churn scoring for the retention team.", Capture: true), cancellationToken: _stop);
        await WaitReadyAsync();
        _summary.LastDetail = $"{_summary.Server}/v2/models/{DeploymentName}/infer and /deployments/{DeploymentName}/invocations";
    }

    private async Task WaitReadyAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var status = (await client.GetDeploymentAsync(DeploymentName, cancellationToken: _stop)).Status;
            if (status is not null && status.All(s => s.State == "ready"))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new CommandFailedException($"deployment '{DeploymentName}' did not become ready.");
    }

    /// <summary>Sends one OIP request of <paramref name="customers"/>; returns the versions that answered.</summary>
    private async Task<string> InferAsync(IReadOnlyList<ChurnScenario.Customer> customers)
    {
        var data = customers.SelectMany(c => c.Features).ToArray();
        var input = InferTensorDto.Fp32("input", [customers.Count, ChurnScenario.Features.Count], data);
        var answer = await client.InferAsync(DeploymentName, new InferRequestDto([input]), cancellationToken: _stop);
        return answer.ModelVersion ?? "?";
    }

    private static string Describe(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", metrics.Take(3).Select(m => $"{m.Key} {m.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));

    internal static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private sealed record DemoFiles(string Train, string Holdout, string Recent, string RecentHoldout);
}
