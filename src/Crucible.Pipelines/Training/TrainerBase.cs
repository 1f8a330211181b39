using Crucible.Evaluation.Models;

namespace Crucible.Pipelines.Training;

/// <summary>
/// The shared shape of a built-in trainer: read the parameters (rejecting unknown ones), fit in process, export ONNX and
/// report training metrics from the fitted model's own predictions.
/// </summary>
internal abstract class TrainerBase<TSettings> : ITrainer
{
    public abstract string Name { get; }

    public abstract TrainingTask Task { get; }

    public TrainedModel Train(
        Dataset data, string? labelColumn, IReadOnlyDictionary<string, string> parameters, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (settings, effective) = Settings(parameters);
        var training = TrainingData.From(data, labelColumn, Task);
        var (model, metrics) = Fit(training, settings, progress, cancellationToken);
        foreach (var (name, value) in TrainingMetrics.Compute(Task, training, model.Predict(training.Features, training.Rows)))
        {
            metrics[name] = value;
        }

        progress?.Report(1.0);
        return new TrainedModel(Name, Task, model.ToOnnx(data.FeatureNames), data.FeatureNames, effective, metrics);
    }

    /// <summary>Validated settings and the effective parameters (defaults included); unknown names throw.</summary>
    public (TSettings Settings, IReadOnlyDictionary<string, string> Effective) Settings(IReadOnlyDictionary<string, string>? parameters)
    {
        var reader = new TrainerParameters(Name, parameters);
        var settings = ReadParameters(reader);
        reader.RejectUnknown();
        return (settings, reader.Effective);
    }

    /// <summary>Fits the model; returns it with solver metrics (e.g. <c>n_iter</c>).</summary>
    public abstract (ITabularModel Model, Dictionary<string, double> Metrics) Fit(
        TrainingData data, TSettings settings, IProgress<double>? progress, CancellationToken cancellationToken);

    /// <summary>Reads and validates every parameter this trainer takes.</summary>
    protected abstract TSettings ReadParameters(TrainerParameters parameters);
}
