namespace Crucible.Cli.Demo;

/// <summary>The retraining half of the demo: the drift alert's retraining signal runs the pipeline.</summary>
internal sealed partial class DemoRunner
{
    private async Task RetrainAsync(DemoFiles files, Random random, CancellationToken cancellationToken)
    {
        var trained = await StepAsync("Retrain on recent customers", () => Task.FromResult(Train(files.Recent, cancellationToken)));
        var runId = await StepAsync("Log the retraining run", () => LogRunAsync(trained, "churn-recent"));
        _ = runId;
        _ = random;
    }
}
