using System.Globalization;
using System.Text.Json.Nodes;
using Crucible.Monitoring.Drift;

namespace Crucible.Monitoring.Rules;

/// <summary>
/// One evaluation of a monitor's rule over a window: whether it fired, the value it measured, the threshold it
/// compared with, and one sentence saying so. <see cref="Evidence"/> is what an alert stores.
/// </summary>
/// <param name="Rule">The rule's wire name.</param>
/// <param name="Fired">True when the condition holds.</param>
/// <param name="Value">What was measured; null when it could not be (the sentence says why).</param>
/// <param name="Threshold">What it was compared with; null when nothing was compared.</param>
/// <param name="Sentence">One sentence: rule, value, threshold.</param>
/// <param name="Report">The drift report behind a drift rule.</param>
/// <param name="Details">Further rule-specific fields (snake_case names).</param>
public sealed record RuleOutcome(
    string Rule, bool Fired, double? Value, double? Threshold, string Sentence, DriftReport? Report = null, IReadOnlyDictionary<string, JsonNode?>? Details = null)
{
    /// <summary>
    /// The evidence JSON: <c>rule</c>, <c>fired</c>, <c>value</c>, <c>threshold</c>, <c>sentence</c> and the details;
    /// for drift rules on top of the drift report's own fields (columns, share, ...), as the drift-share monitor always stored.
    /// </summary>
    public string Evidence()
    {
        var root = Report is null ? new JsonObject() : JsonNode.Parse(DriftJson.Serialize(Report))!.AsObject();
        root["rule"] = Rule;
        root["fired"] = Fired;
        root["value"] = Finite(Value);
        root["threshold"] = Finite(Threshold);
        root["sentence"] = Sentence;
        foreach (var (name, node) in Details ?? new Dictionary<string, JsonNode?>())
        {
            root[name] = node?.DeepClone();
        }

        return root.ToJsonString();
    }

    /// <summary>A number for a sentence: up to four decimals, invariant culture.</summary>
    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static JsonNode? Finite(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
