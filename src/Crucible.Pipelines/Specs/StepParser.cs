using System.Globalization;
using Crucible.Evaluation.Gates;
using YamlDotNet.RepresentationModel;
using static Crucible.Pipelines.Specs.PipelineSpecParser;

namespace Crucible.Pipelines.Specs;

/// <summary>Reads one step: its id, type and needs, and checks its settings against the type's <see cref="StepTypes.Rules"/>.</summary>
internal static class StepParser
{
    public static StepSpec? Parse(YamlMappingNode mapping, IReadOnlyList<string> stepKeys, List<PipelineSpecError> errors)
    {
        string? id = null, type = null;
        YamlNode? typeNode = null;
        var needs = new List<string>();
        var settings = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            switch (name)
            {
                case null:
                    errors.Add(At(key, "a step has a key that is not a plain name"));
                    break;
                case "id":
                    id = (value as YamlScalarNode)?.Value;
                    if (id is null || !IdPattern().IsMatch(id))
                    {
                        errors.Add(At(value, $"invalid step id '{id}': use letters, digits and '_', starting with a letter or '_'"));
                        id = null;
                    }

                    break;
                case "type":
                    type = (value as YamlScalarNode)?.Value;
                    typeNode = value;
                    break;
                case "needs":
                    needs.AddRange(Needs(value, errors));
                    break;
                default:
                    settings[name] = (key, value);
                    break;
            }
        }

        var where = id is null ? "a step" : $"step '{id}'";
        if (id is null && !mapping.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "id"))
        {
            errors.Add(At(mapping, "a step needs an 'id'"));
        }

        if (type is null)
        {
            errors.Add(At(typeNode ?? mapping, $"{where} needs a 'type': one of {string.Join(", ", StepTypes.Rules.Keys)}"));
            return null;
        }

        if (!StepTypes.Rules.TryGetValue(type, out var rules))
        {
            errors.Add(At(typeNode!, $"{where} has unknown step type '{type}'; known types: {string.Join(", ", StepTypes.Rules.Keys)}"));
            return null;
        }

        var values = new Dictionary<string, SpecValue>(StringComparer.Ordinal);
        foreach (var (name, (key, value)) in settings)
        {
            var rule = rules.FirstOrDefault(r => r.Name == name);
            if (rule is null)
            {
                errors.Add(At(key, $"{where}: unknown setting '{name}' for a {type} step; expected {string.Join(", ", [.. stepKeys, .. rules.Select(r => r.Name)])}"));
                continue;
            }

            var converted = Convert(value);
            Check(where, rule, converted, errors);
            values[name] = converted;
        }

        foreach (var rule in rules.Where(r => r.Required && !values.ContainsKey(r.Name)))
        {
            errors.Add(At(mapping, $"{where}: setting '{rule.Name}' is required ({rule.Description})"));
        }

        if (type == StepTypes.Train && values.ContainsKey("trainer") == values.ContainsKey("command"))
        {
            errors.Add(At(mapping, $"{where}: a train step has exactly one of 'trainer' (a built-in trainer) and 'command'"));
        }

        if (type == StepTypes.Train && values.ContainsKey("trainer") && !values.ContainsKey("label"))
        {
            errors.Add(At(mapping, $"{where}: a built-in trainer needs 'label'"));
        }

        if (type == StepTypes.Gate && values.GetValueOrDefault("if_no_champion") is SpecText { Text: not ("pass" or "fail") } verdict)
        {
            errors.Add(new PipelineSpecError(verdict.Line, verdict.Column, $"{where}: if_no_champion is 'pass' or 'fail', not '{verdict.Text}'"));
        }

        return id is null ? null : new StepSpec(id, type, needs, new StepSettings(new SpecMap(values, Line(mapping.Start), Column(mapping.Start))), Line(mapping.Start), Column(mapping.Start));
    }

    private static IEnumerable<string> Needs(YamlNode value, List<PipelineSpecError> errors)
    {
        IEnumerable<YamlNode> items = value is YamlSequenceNode list ? list.Children : [value];
        foreach (var item in items)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } need })
            {
                yield return need;
            }
            else
            {
                errors.Add(At(item, "'needs' lists step ids"));
            }
        }
    }

    private static SpecValue Convert(YamlNode node) => node switch
    {
        YamlScalarNode scalar => new SpecText(scalar.Value ?? string.Empty, Line(node.Start), Column(node.Start)),
        YamlSequenceNode list => new SpecList([.. list.Children.Select(Convert)], Line(node.Start), Column(node.Start)),
        YamlMappingNode map => new SpecMap(
            map.Children.GroupBy(c => (c.Key as YamlScalarNode)?.Value ?? string.Empty, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Convert(g.First().Value), StringComparer.Ordinal),
            Line(node.Start),
            Column(node.Start)),
        _ => new SpecText(string.Empty, Line(node.Start), Column(node.Start)),
    };

    private static void Check(string where, SettingRule rule, SpecValue value, List<PipelineSpecError> errors)
    {
        string? problem = (rule.Kind, value) switch
        {
            (SettingKind.List, SpecList list) when list.Items.Any(i => i is not SpecText) => "must be a list of single values",
            (SettingKind.List, SpecList or SpecText) => null,
            (SettingKind.List, _) => "must be a list",
            (SettingKind.Map, SpecMap map) when map.Entries.Values.Any(v => v is not SpecText) => "must map names to single values",
            (SettingKind.Map, SpecMap) => null,
            (SettingKind.Map, _) => "must be a mapping of names to values",
            (_, not SpecText) => "must be a single value",
            (_, SpecText { Text: var t }) when t.Contains("${", StringComparison.Ordinal) => null,
            (SettingKind.Number, SpecText { Text: var t }) when !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => $"'{t}' is not a number",
            (SettingKind.Duration, SpecText { Text: var t }) when !Durations.TryParse(t, out _) => $"'{t}' is not a duration ({Durations.Syntax})",
            _ => null,
        };
        if (problem is null && rule.Name == "condition" && value is SpecText { Text: var expression } && !expression.Contains("${", StringComparison.Ordinal))
        {
            try
            {
                GateExpression.Parse(expression);
            }
            catch (GateSyntaxException e)
            {
                problem = $"invalid gate: {e.Message}";
            }
        }

        if (problem is not null)
        {
            errors.Add(new PipelineSpecError(value.Line, value.Column, $"{where}: setting '{rule.Name}' {problem}"));
        }
    }
}
