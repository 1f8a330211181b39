using Crucible.Cli.Rendering;
using Crucible.Contracts.Pipelines;

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
        await client.SavePipelineAsync(yaml, cancellationToken: _stop);
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
            var runs = await client.ListPipelineRunsAsync(DemoPipeline.Name, cancellationToken: _stop);
            if (runs.FirstOrDefault() is { } run)
            {
                _summary.PipelineRunId = run.RunId;
                _summary.LastDetail = $"run {run.RunId}, trigger {run.Trigger}";
                return run.RunId;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new CommandFailedException("the drift alert started no retraining pipeline run.");
    }

    /// <summary>Sends recent-customer traffic until the run ends, counting which version answered.</summary>
    private async Task FollowRunAsync(string runId, Random random, CancellationToken cancellationToken)
    {
        var answeredBy = new Dictionary<string, int>(StringComparer.Ordinal);
        PipelineRunDto run;
        var deadline = time.GetUtcNow() + TimeSpan.FromMinutes(2);
        while (true)
        {
            run = await client.GetPipelineRunAsync(runId, cancellationToken: _stop);
            var status = run.Status;
            if (status is not ("pending" or "running" or "queued"))
            {
                break;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new CommandFailedException($"pipeline run {runId} did not finish within 2 minutes (status {status}).");
            }

            foreach (var _ in Enumerable.Range(0, 10))
            {
                var version = await InferAsync(ChurnScenario.Generate(settings.RowsPerRequest, ChurnPopulation.PriceRise, random));
                answeredBy[version] = answeredBy.GetValueOrDefault(version) + 1;
            }

            await Task.Delay(50, cancellationToken);
        }

        _summary.PipelineStatus = run.Status;
        var steps = run.Steps ?? [];
        string? Output(string step, string key) =>
            steps.FirstOrDefault(s => s.StepId == step)?.Outputs?.GetValueOrDefault(key);
        _summary.RetrainedVersion = Output("register", "version");

        // The evaluate step scores the retrained model and the champion of the time on the same held-out rows.
        _summary.ComparedOn = DemoPipeline.EvaluationDataset;
        _summary.RetrainedRocAuc = Number(Output("evaluate", "roc_auc"));
        _summary.PreviousChampionRocAuc = Number(Output("evaluate", "champion.roc_auc"));

        _summary.Reports.Add(new DemoLink("Retraining pipeline and its runs", DemoTables.UiLink(_summary, $"/pipelines/{Uri.EscapeDataString(DemoPipeline.Name)}")));
        var failed = steps.FirstOrDefault(s => s.Status == "failed");
        _summary.LastDetail = _summary.PipelineStatus == "succeeded"
            ? $"{steps.Count} steps succeeded; during the canary {string.Join(", ", answeredBy.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"version {p.Key} answered {p.Value}"))} requests"
            : $"run {_summary.PipelineStatus} at step {failed?.StepId}: {run.Error}";
    }

    private static double? Number(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
