using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Crucible.Pipelines.Specs;

/// <summary>
/// Reads and validates a pipeline file. Every problem found is collected with the line and column it points at
/// (YamlDotNet's marks), and thrown together as one <see cref="PipelineSpecException"/>: malformed YAML, unknown or
/// missing fields, unknown step types, duplicate ids, unknown <c>needs</c> or references, and dependency cycles.
/// </summary>
public static partial class PipelineSpecParser
{
    public const int MaxNameLength = 100;

    private static readonly string[] TopLevel = ["name", "description", "params", "trigger", "steps"];
    private static readonly string[] StepKeys = ["id", "type", "needs"];

    /// <summary>Parses and validates; throws <see cref="PipelineSpecException"/> listing every problem.</summary>
    public static PipelineSpec Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new List<PipelineSpecError>();
        var root = LoadRoot(yaml);
        if (root is not YamlMappingNode document)
        {
            throw new PipelineSpecException([new PipelineSpecError(root is null ? 1 : Line(root.Start), root is null ? 1 : Column(root.Start), "a pipeline file is a mapping with name, params, trigger and steps")]);
        }

        var fields = Fields(document, TopLevel, "the pipeline", errors);
        var name = Scalar(fields, "name", errors, document);
        if (name is not null && !IsName(name.Value!, MaxNameLength))
        {
            errors.Add(At(name, $"invalid pipeline name '{name.Value}': use at most {MaxNameLength} letters, digits, '-', '_' and '.', starting with a letter or digit"));
        }

        var parameters = Params(fields.GetValueOrDefault("params"), errors);
        var triggers = Triggers(fields.GetValueOrDefault("trigger"), errors);
        var steps = Steps(fields.GetValueOrDefault("steps"), document, errors);
        var ordered = StepGraph.Order(steps, parameters, errors);
        if (errors.Count > 0)
        {
            throw new PipelineSpecException([.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        return new PipelineSpec(name!.Value!, parameters, triggers, ordered);
    }

    /// <summary>The first document's root node (null for an empty file); malformed YAML throws with its line and column.</summary>
    internal static YamlNode? LoadRoot(string yaml)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            throw new PipelineSpecException([new PipelineSpecError(Line(e.Start), Column(e.Start), "malformed YAML: " + Strip(message))]);
        }
    }

    internal static bool IsName(string text, int maxLength) => text.Length <= maxLength && NamePattern().IsMatch(text);

    internal static PipelineSpecError At(YamlNode node, string message) => new(Line(node.Start), Column(node.Start), message);

    internal static Dictionary<string, YamlNode> Fields(YamlMappingNode mapping, IReadOnlyList<string> known, string what, List<PipelineSpecError> errors)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                errors.Add(At(key, $"{what} has a key that is not a plain name"));
            }
            else if (known.Contains(name))
            {
                fields[name] = value;
            }
            else
            {
                errors.Add(At(key, $"unknown field '{name}' in {what}; expected {string.Join(", ", known)}"));
            }
        }

        return fields;
    }

    internal static YamlScalarNode? Scalar(Dictionary<string, YamlNode> fields, string key, List<PipelineSpecError> errors, YamlNode parent)
    {
        if (!fields.TryGetValue(key, out var node))
        {
            errors.Add(At(parent, $"'{key}' is required"));
            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } } scalar)
        {
            return scalar;
        }

        errors.Add(At(node, $"'{key}' must be a single non-empty value"));
        return null;
    }

    private static Dictionary<string, string> Params(YamlNode? node, List<PipelineSpecError> errors)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null || node is YamlScalarNode { Value: null or "" })
        {
            return parameters;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(At(node, "'params' must map parameter names to default values"));
            return parameters;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !IdPattern().IsMatch(name))
            {
                errors.Add(At(key, $"invalid parameter name '{name}': use letters, digits and '_', starting with a letter or '_'"));
            }
            else if (value is not YamlScalarNode scalar)
            {
                errors.Add(At(value, $"parameter '{name}' must have a single default value"));
            }
            else if (scalar.Value is { } text && text.Contains("${", StringComparison.Ordinal))
            {
                errors.Add(At(value, $"parameter '{name}': a default cannot use a ${{...}} reference"));
            }
            else
            {
                parameters[name] = scalar.Value ?? string.Empty;
            }
        }

        return parameters;
    }

    private static PipelineTriggers Triggers(YamlNode? node, List<PipelineSpecError> errors)
    {
        switch (node)
        {
            case null:
            case YamlScalarNode { Value: "manual" }:
                return PipelineTriggers.ManualOnly;
            case YamlMappingNode mapping:
                var fields = Fields(mapping, ["manual", "schedule", "on_retraining_signal"], "trigger", errors);
                TimeSpan? every = null;
                string? deployment = null;
                if (fields.TryGetValue("schedule", out var schedule))
                {
                    var text = Child(schedule, "every", "schedule", errors);
                    if (text is not null)
                    {
                        if (Durations.TryParse(text.Value!, out var d) && d >= TimeSpan.FromMinutes(1))
                        {
                            every = d;
                        }
                        else
                        {
                            errors.Add(At(text, $"schedule every '{text.Value}' must be a duration of at least 1m ({Durations.Syntax})"));
                        }
                    }
                }

                if (fields.TryGetValue("on_retraining_signal", out var signal))
                {
                    deployment = Child(signal, "deployment", "on_retraining_signal", errors)?.Value;
                }

                return new PipelineTriggers(every, deployment);
            default:
                errors.Add(At(node, "'trigger' must be 'manual' or a mapping with schedule: {every: 1h} and/or on_retraining_signal: {deployment: NAME}"));
                return PipelineTriggers.ManualOnly;
        }
    }

    private static YamlScalarNode? Child(YamlNode node, string key, string what, List<PipelineSpecError> errors)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(At(node, $"'{what}' must be a mapping with '{key}'"));
            return null;
        }

        return Scalar(Fields(mapping, [key], what, errors), key, errors, mapping);
    }

    private static List<StepSpec> Steps(YamlNode? node, YamlNode document, List<PipelineSpecError> errors)
    {
        var steps = new List<StepSpec>();
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            errors.Add(At(node ?? document, "'steps' must be a non-empty list of steps"));
            return steps;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                errors.Add(At(item, "a step must be a mapping with id and type"));
                continue;
            }

            if (StepParser.Parse(mapping, StepKeys, errors) is { } step)
            {
                if (!ids.Add(step.Id))
                {
                    errors.Add(new PipelineSpecError(step.Line, step.Column, $"duplicate step id '{step.Id}'"));
                }

                steps.Add(step);
            }
        }

        return steps;
    }

    internal static int Line(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    internal static int Column(Mark mark) => (int)Math.Min(mark.Column, int.MaxValue);

    // YamlDotNet prefixes its messages with the mark; the error carries line and column already.
    private static string Strip(string message) => MarkPrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
