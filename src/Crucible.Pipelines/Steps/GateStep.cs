using Crucible.Evaluation.Gates;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// <c>gate</c>: a gate expression over an evaluate step's outputs (its metrics, <c>champion.*</c> and
/// <c>delta.*</c>); the step fails when the gate does not hold, with every comparison in the log and the message.
/// Without a champion, <c>if_no_champion: pass</c> lets a first model through.
/// </summary>
public sealed class GateStep : IPipelineStep
{
    public string Type => StepTypes.Gate;

    public Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var evaluation = context.Settings.RequiredText("evaluation");
        var condition = context.Settings.RequiredText("condition");
        var outputs = context.Outputs.GetValueOrDefault(evaluation) ?? throw new PipelineStepException($"evaluation step '{evaluation}' has not run");
        var scope = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in outputs)
        {
            if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                scope[key] = number;
            }
        }

        GateExpression gate;
        try
        {
            gate = GateExpression.Parse(condition);
        }
        catch (GateSyntaxException e)
        {
            throw new PipelineStepException($"invalid gate: {e.Message}");
        }

        var hasChampion = outputs.GetValueOrDefault("champion") is { Length: > 0 };
        if (!hasChampion && (condition.Contains("champion.", StringComparison.Ordinal) || condition.Contains("delta.", StringComparison.Ordinal)))
        {
            if (context.Settings.Text("if_no_champion") == "pass")
            {
                context.Log.Line($"no champion to compare with; '{condition}' passes (if_no_champion: pass)");
                return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["passed"] = "true", ["condition"] = condition, ["champion"] = string.Empty });
            }

            throw new PipelineStepException($"gate '{condition}' compares with a champion but evaluation '{evaluation}' had none (set if_no_champion: pass to let a first model through)");
        }

        GateResult result;
        try
        {
            result = gate.Evaluate(scope);
        }
        catch (GateSyntaxException e)
        {
            throw new PipelineStepException($"invalid gate: {e.Message}");
        }

        foreach (var evidence in result.Evidence)
        {
            context.Log.Line($"{(evidence.Passed ? "holds" : "FAILS")}: {evidence.Comparison} ({Show(evidence.Left)} {evidence.Operator} {Show(evidence.Right)})");
        }

        if (!result.Passed)
        {
            var failing = result.Evidence.Where(e => !e.Passed).Select(e => $"{e.Comparison} ({Show(e.Left)} {e.Operator} {Show(e.Right)})");
            throw new PipelineStepException($"gate did not hold: {string.Join("; ", failing)}");
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["passed"] = "true",
            ["condition"] = condition,
            ["champion"] = outputs.GetValueOrDefault("champion") ?? string.Empty,
        });
    }

    private static string Show(double value) => value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}
