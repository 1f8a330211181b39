using System.Text.Json.Nodes;

namespace Crucible.Cli.Demo;

/// <summary>
/// The retraining half of the demo: the pipeline is registered before the monitor runs, so the drift alert's
/// retraining signal starts it; while it canaries, traffic keeps flowing so the canary has requests to hold on.
/// </summary>
internal sealed partial class DemoRunner
{
    private const string CanaryWindow = "4s";

    private async Task RegisterPipelineAsync()
    {
        var yaml = DemoPipeline.Yaml(settings.Seed, CanaryWindow);
        await File.WriteAllTextAsync(Path.Combine(settings.Folder, DemoPipeline.Name + ".yaml"), yaml + "\n");
        await http.PostAsync($"{DemoHttp.Native}pipelines", new JsonObject { ["yaml"] = yaml });
        _summary.LastDetail = $"{DemoPipeline.Name}: validate → train → evaluate → gate → register → canary 20% → promote, on the retraining signal of '{DeploymentName}'";
    }

    private async Task RetrainAsync(Random random, CancellationToken cancellationToken)
    {
        var run = await StepAsync("Retraining pipeline: started by the alert", () => WaitForRunAsync(cancellationToken));
        await StepAsync("Retraining pipeline: canary, then promote", () => FollowRunAsync(run, random, cancellationToken));
    }

    /// <summary>The pipeline run the retraining signal started.</summary>
    private async Task<string> WaitForRunAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var runs = (await http.GetAsync($"{DemoHttp.Native}pipelines/{DemoPipeline.Name}/runs"))["runs"]?.AsArray() ?? [];
            if (runs.FirstOrDefault() is JsonObject run)
            {
                var id = run["run_id"]!.GetValue<string>();
                _summary.PipelineRunId = id;
                _summary.LastDetail = $"run {id}, trigger {run["trigger"]}";
                return id;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new Commands.ModelsCommandException("the drift alert started no retraining pipeline run.");
    }

    /// <summary>Sends recent-customer traffic until the run ends, counting which version answered.</summary>
    private async Task FollowRunAsync(string runId, Random random, CancellationToken cancellationToken)
    {
        var answeredBy = new Dictionary<string, int>(StringComparer.Ordinal);
        JsonNode run;
        var deadline = time.GetUtcNow() + TimeSpan.FromMinutes(2);
        while (true)
        {
            run = (await http.GetAsync($"{DemoHttp.Native}pipeline-runs/{runId}"))["run"]!;
            var status = run["status"]!.GetValue<string>();
            if (status is not ("pending" or "running" or "queued"))
            {
                break;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new Commands.ModelsCommandException($"pipeline run {runId} did not finish within 2 minutes (status {status}).");
            }

            foreach (var _ in Enumerable.Range(0, 10))
            {
                var version = await InferAsync(ChurnScenario.Generate(settings.RowsPerRequest, ChurnPopulation.PriceRise, random));
                answeredBy[version] = answeredBy.GetValueOrDefault(version) + 1;
            }

            await Task.Delay(50, cancellationToken);
        }

        _summary.PipelineStatus = run["status"]!.GetValue<string>();
        var steps = run["steps"]?.AsArray() ?? [];
        string? Output(string step, string key) =>
            steps.FirstOrDefault(s => s?["step_id"]?.GetValue<string>() == step)?["outputs"]?[key]?.GetValue<string>();
        _summary.RetrainedVersion = Output("register", "version");

        // The evaluate step scores the retrained model and the champion of the time on the same held-out rows.
        _summary.ComparedOn = DemoPipeline.EvaluationDataset;
        _summary.RetrainedRocAuc = Number(Output("evaluate", "roc_auc"));
        _summary.PreviousChampionRocAuc = Number(Output("evaluate", "champion.roc_auc"));

        _summary.Reports.Add(new DemoLink("Retraining pipeline run", $"{_summary.Server}/api/crucible/v1/pipeline-runs/{runId}"));
        var failed = steps.FirstOrDefault(s => s?["status"]?.GetValue<string>() == "failed");
        _summary.LastDetail = _summary.PipelineStatus == "succeeded"
            ? $"{steps.Count} steps succeeded; during the canary {string.Join(", ", answeredBy.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"version {p.Key} answered {p.Value}"))} requests"
            : $"run {_summary.PipelineStatus} at step {failed?["step_id"]}: {run["error"]}";
    }

    private static double? Number(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
