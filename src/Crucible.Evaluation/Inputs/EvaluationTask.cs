using System.Text.Json.Serialization;

namespace Crucible.Evaluation.Inputs;

/// <summary>What kind of model is evaluated; decides which metrics apply.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvaluationTask>))]
public enum EvaluationTask
{
    /// <summary>Two classes; one score column holds the probability of class 1.</summary>
    Binary,

    /// <summary>K classes; K score columns hold the class probabilities, in class-index order.</summary>
    Multiclass,

    /// <summary>A real-valued target; the prediction column holds the prediction.</summary>
    Regression,
}
