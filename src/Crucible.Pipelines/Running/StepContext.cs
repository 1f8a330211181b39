using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Running;

/// <summary>What a step sees while it runs.</summary>
public sealed class StepContext
{
    private readonly List<(string StepId, string Description, Func<CancellationToken, Task> Undo)> _rollbacks;

    internal StepContext(
        PipelineSpec pipeline, StepSpec step, StepSettings settings, string runId, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> outputs, string workDirectory, StepLog log,
        List<(string StepId, string Description, Func<CancellationToken, Task> Undo)> rollbacks)
    {
        Pipeline = pipeline;
        Step = step;
        Settings = settings;
        RunId = runId;
        Params = parameters;
        Outputs = outputs;
        WorkDirectory = workDirectory;
        Log = log;
        _rollbacks = rollbacks;
    }

    public PipelineSpec Pipeline { get; }

    public StepSpec Step { get; }

    /// <summary>The step's settings with every <c>${...}</c> replaced.</summary>
    public StepSettings Settings { get; }

    /// <summary>The pipeline run's id.</summary>
    public string RunId { get; }

    /// <summary>The run's parameters (defaults with the run's overrides).</summary>
    public IReadOnlyDictionary<string, string> Params { get; }

    /// <summary>The outputs of the steps finished so far, by step id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Outputs { get; }

    /// <summary>A folder of this step inside the run's work folder; removed when the run ends.</summary>
    public string WorkDirectory { get; }

    public StepLog Log { get; }

    /// <summary>
    /// Registers how to undo a change this step made (a deployment update, an alias move). When a later step fails,
    /// undos run newest first and the step is recorded as compensated.
    /// </summary>
    public void OnRollback(string description, Func<CancellationToken, Task> undo) => _rollbacks.Add((Step.Id, description, undo));
}
