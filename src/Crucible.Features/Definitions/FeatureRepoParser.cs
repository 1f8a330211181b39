using Crucible.Pipelines.Specs;
using YamlDotNet.RepresentationModel;

namespace Crucible.Features.Definitions;

/// <summary>
/// Reads and validates feature definition files with the pipeline parser's YAML machinery, so a problem points at its
/// file, line and column the same way: malformed YAML, unknown or missing fields, bad names, durations and types,
/// duplicates across files, and references (a view's entities and source, a service's features) that do not resolve.
/// Every problem is collected and thrown together as one <see cref="FeatureSpecException"/>.
/// </summary>
public static class FeatureRepoParser
{
    public const int MaxNameLength = 100;

    /// <summary>The feature types a definition may declare.</summary>
    public static readonly IReadOnlyList<string> Types = ["float", "int", "string", "bool"];

    private static readonly string[] TopLevel = ["entities", "sources", "feature_views", "feature_services"];

    /// <summary>Reads every <c>.yaml</c>/<c>.yml</c> file of a folder (sorted by name) as one repository.</summary>
    public static FeatureRepo ParseFolder(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw Core.Errors.CrucibleException.NotFound($"Folder '{directory}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToList();
        return files.Count > 0 ? Parse(files) : throw new FeatureSpecException($"no .yaml definition files in '{directory}'");
    }

    /// <summary>Parses and cross-checks the files as one set of definitions.</summary>
    public static FeatureRepo Parse(IEnumerable<(string File, string Yaml)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<FeatureSpecError>();
        var entities = new List<(EntityDefinition Value, string File, YamlNode Node)>();
        var sources = new List<(SourceDefinition Value, string File, YamlNode Node)>();
        var views = new List<(FeatureViewDefinition Value, string File, YamlNode Node)>();
        var services = new List<(FeatureServiceDefinition Value, string File, YamlNode Node)>();
        foreach (var (file, yaml) in files)
        {
            var local = new List<PipelineSpecError>();
            try
            {
                var root = PipelineSpecParser.LoadRoot(yaml);
                if (root is YamlMappingNode document)
                {
                    var fields = PipelineSpecParser.Fields(document, TopLevel, "a definition file", local);
                    Collect(Items(fields, "entities", local), file, n => Entity(n, local), entities);
                    Collect(Items(fields, "sources", local), file, n => Source(n, local), sources);
                    Collect(Items(fields, "feature_views", local), file, n => View(n, local), views);
                    Collect(Items(fields, "feature_services", local), file, n => Service(n, local), services);
                }
                else if (root is not null)
                {
                    local.Add(PipelineSpecParser.At(root, "a definition file is a mapping with entities, sources, feature_views and feature_services"));
                }
            }
            catch (PipelineSpecException e)
            {
                local.AddRange(e.Errors);
            }

            errors.AddRange(local.Select(e => new FeatureSpecError(file, e.Line, e.Column, e.Message)));
        }

        Unique(entities, "entity", x => x.Name, errors);
        Unique(sources, "source", x => x.Name, errors);
        Unique(views, "feature view", x => x.Name, errors);
        Unique(services, "feature service", x => x.Name, errors);
        CrossCheck(entities, sources, views, services, errors);
        if (errors.Count > 0)
        {
            throw new FeatureSpecException([.. errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        return new FeatureRepo([.. entities.Select(e => e.Value)], [.. sources.Select(s => s.Value)], [.. views.Select(v => v.Value)], [.. services.Select(s => s.Value)]);
    }

    private static void Collect<T>(IEnumerable<YamlMappingNode> nodes, string file, Func<YamlMappingNode, T?> parse, List<(T Value, string File, YamlNode Node)> into)
        where T : class
    {
        foreach (var node in nodes)
        {
            if (parse(node) is { } value)
            {
                into.Add((value, file, node));
            }
        }
    }

    private static IEnumerable<YamlMappingNode> Items(Dictionary<string, YamlNode> fields, string key, List<PipelineSpecError> errors)
    {
        if (!fields.TryGetValue(key, out var node) || node is YamlScalarNode { Value: null or "" })
        {
            yield break;
        }

        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(PipelineSpecParser.At(node, $"'{key}' must be a list"));
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                yield return mapping;
            }
            else
            {
                errors.Add(PipelineSpecParser.At(item, $"each item of '{key}' must be a mapping"));
            }
        }
    }

    private static EntityDefinition? Entity(YamlMappingNode node, List<PipelineSpecError> errors)
    {
        var fields = PipelineSpecParser.Fields(node, ["name", "join_keys", "description"], "an entity", errors);
        var name = Name(fields, node, "entity", errors);
        var keys = Names(fields, "join_keys", node, errors, required: true);
        return name is null || keys is null ? null : new EntityDefinition(name, keys, Optional(fields, "description", errors));
    }

    private static SourceDefinition? Source(YamlMappingNode node, List<PipelineSpecError> errors)
    {
        var fields = PipelineSpecParser.Fields(node, ["name", "path", "dataset", "postgres", "timestamp", "created_timestamp"], "a source", errors);
        var name = Name(fields, node, "source", errors);
        var timestamp = PipelineSpecParser.Scalar(fields, "timestamp", errors, node)?.Value;
        var created = Optional(fields, "created_timestamp", errors);
        var kinds = new[] { "path", "dataset", "postgres" }.Where(fields.ContainsKey).ToList();
        if (kinds.Count != 1)
        {
            errors.Add(PipelineSpecParser.At(node, "a source needs exactly one of path (a file or folder), dataset (NAME@VERSION) or postgres ({table, connection_env})"));
            return null;
        }

        string? location;
        string? connection = null;
        var kind = kinds[0] switch { "path" => SourceKind.Path, "dataset" => SourceKind.Dataset, _ => SourceKind.Postgres };
        if (kind == SourceKind.Postgres)
        {
            var pg = fields["postgres"];
            var inner = pg is YamlMappingNode m ? PipelineSpecParser.Fields(m, ["table", "connection_env"], "postgres", errors) : null;
            if (inner is null)
            {
                errors.Add(PipelineSpecParser.At(pg, "'postgres' must be a mapping with table and connection_env"));
                return null;
            }

            location = PipelineSpecParser.Scalar(inner, "table", errors, pg)?.Value;
            connection = PipelineSpecParser.Scalar(inner, "connection_env", errors, pg)?.Value;
        }
        else
        {
            location = PipelineSpecParser.Scalar(fields, kinds[0], errors, node)?.Value;
            if (kind == SourceKind.Dataset && location is not null && !System.Text.RegularExpressions.Regex.IsMatch(location, @"^[^@\s]+@[1-9][0-9]*$"))
            {
                errors.Add(PipelineSpecParser.At(fields["dataset"], $"dataset '{location}' must be NAME@VERSION"));
            }
        }

        return name is null || timestamp is null || location is null ? null : new SourceDefinition(name, kind, location, timestamp, created, connection);
    }

    private static FeatureViewDefinition? View(YamlMappingNode node, List<PipelineSpecError> errors)
    {
        var fields = PipelineSpecParser.Fields(node, ["name", "entities", "source", "ttl", "owner", "tags", "features"], "a feature view", errors);
        var name = Name(fields, node, "feature view", errors);
        var entityNames = Names(fields, "entities", node, errors, required: true);
        var source = PipelineSpecParser.Scalar(fields, "source", errors, node)?.Value;
        var ttl = TimeSpan.Zero;
        if (fields.TryGetValue("ttl", out var ttlNode))
        {
            if (ttlNode is not YamlScalarNode { Value: { } text } || !Durations.TryParse(text, out ttl))
            {
                errors.Add(PipelineSpecParser.At(ttlNode, $"ttl must be 0 (no limit) or {Durations.Syntax}"));
            }
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.TryGetValue("tags", out var tagNode))
        {
            if (tagNode is YamlMappingNode tagMap)
            {
                foreach (var (k, v) in tagMap.Children)
                {
                    if (k is YamlScalarNode { Value: { Length: > 0 } key } && v is YamlScalarNode value)
                    {
                        tags[key] = value.Value ?? string.Empty;
                    }
                    else
                    {
                        errors.Add(PipelineSpecParser.At(k, "tags map names to single values"));
                    }
                }
            }
            else
            {
                errors.Add(PipelineSpecParser.At(tagNode, "'tags' must map names to values"));
            }
        }

        var features = new List<FeatureDefinition>();
        if (!fields.TryGetValue("features", out var featureNode) || featureNode is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            errors.Add(PipelineSpecParser.At(featureNode ?? node, "'features' must be a non-empty list of {name, type}"));
        }
        else
        {
            foreach (var item in list.Children)
            {
                if (Feature(item, errors) is { } feature)
                {
                    if (features.Any(f => f.Name == feature.Name))
                    {
                        errors.Add(PipelineSpecParser.At(item, $"feature '{feature.Name}' is listed twice"));
                    }

                    features.Add(feature);
                }
            }
        }

        return name is null || entityNames is null || source is null
            ? null
            : new FeatureViewDefinition(name, entityNames, source, ttl, Optional(fields, "owner", errors), tags, features);
    }

    private static FeatureDefinition? Feature(YamlNode item, List<PipelineSpecError> errors)
    {
        if (item is not YamlMappingNode mapping)
        {
            errors.Add(PipelineSpecParser.At(item, "a feature is a mapping with name and type"));
            return null;
        }

        var fields = PipelineSpecParser.Fields(mapping, ["name", "type", "description"], "a feature", errors);
        var name = Name(fields, mapping, "feature", errors);
        var type = PipelineSpecParser.Scalar(fields, "type", errors, mapping);
        if (type is not null && !Types.Contains(type.Value))
        {
            errors.Add(PipelineSpecParser.At(type, $"unknown feature type '{type.Value}'; expected {string.Join(", ", Types)}"));
            return null;
        }

        return name is null || type is null ? null : new FeatureDefinition(name, type.Value!);
    }

    private static FeatureServiceDefinition? Service(YamlMappingNode node, List<PipelineSpecError> errors)
    {
        var fields = PipelineSpecParser.Fields(node, ["name", "features", "description"], "a feature service", errors);
        var name = Name(fields, node, "feature service", errors);
        var references = new List<FeatureRef>();
        if (!fields.TryGetValue("features", out var list) || list is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            errors.Add(PipelineSpecParser.At(list ?? node, "'features' must be a non-empty list of VIEW:FEATURE"));
            return null;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } text } && FeatureRef.TryParse(text, out var reference))
            {
                references.Add(reference);
            }
            else
            {
                errors.Add(PipelineSpecParser.At(item, "a feature service lists features as VIEW:FEATURE"));
            }
        }

        return name is null ? null : new FeatureServiceDefinition(name, references, Optional(fields, "description", errors));
    }

    private static string? Name(Dictionary<string, YamlNode> fields, YamlNode parent, string what, List<PipelineSpecError> errors)
    {
        var name = PipelineSpecParser.Scalar(fields, "name", errors, parent);
        if (name is not null && !PipelineSpecParser.IsName(name.Value!, MaxNameLength))
        {
            errors.Add(PipelineSpecParser.At(name, $"invalid {what} name '{name.Value}': use at most {MaxNameLength} letters, digits, '-', '_' and '.', starting with a letter or digit"));
            return null;
        }

        return name?.Value;
    }

    private static List<string>? Names(Dictionary<string, YamlNode> fields, string key, YamlNode parent, List<PipelineSpecError> errors, bool required)
    {
        if (!fields.TryGetValue(key, out var node))
        {
            if (required)
            {
                errors.Add(PipelineSpecParser.At(parent, $"'{key}' is required"));
            }

            return null;
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } sequence || sequence.Children.Any(c => c is not YamlScalarNode { Value.Length: > 0 }))
        {
            errors.Add(PipelineSpecParser.At(node, $"'{key}' must be a non-empty list of names"));
            return null;
        }

        return [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value!)];
    }

    private static string? Optional(Dictionary<string, YamlNode> fields, string key, List<PipelineSpecError> errors)
    {
        if (!fields.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        errors.Add(PipelineSpecParser.At(node, $"'{key}' must be a single value"));
        return null;
    }

    private static void Unique<T>(List<(T Value, string File, YamlNode Node)> items, string what, Func<T, string> name, List<FeatureSpecError> errors)
    {
        foreach (var group in items.GroupBy(i => name(i.Value), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                errors.Add(Error(duplicate.File, duplicate.Node, $"{what} '{group.Key}' is defined twice (first in {first.File} at line {PipelineSpecParser.Line(first.Node.Start)})"));
            }
        }
    }

    private static void CrossCheck(
        List<(EntityDefinition Value, string File, YamlNode Node)> entities,
        List<(SourceDefinition Value, string File, YamlNode Node)> sources,
        List<(FeatureViewDefinition Value, string File, YamlNode Node)> views,
        List<(FeatureServiceDefinition Value, string File, YamlNode Node)> services,
        List<FeatureSpecError> errors)
    {
        foreach (var (view, file, node) in views)
        {
            foreach (var entity in view.Entities.Where(e => !entities.Any(x => x.Value.Name == e)))
            {
                errors.Add(Error(file, node, $"feature view '{view.Name}' uses entity '{entity}', which is not defined"));
            }

            if (sources.FirstOrDefault(s => s.Value.Name == view.Source).Value is not { } source)
            {
                errors.Add(Error(file, node, $"feature view '{view.Name}' reads source '{view.Source}', which is not defined"));
                continue;
            }

            var keys = view.Entities.SelectMany(e => entities.FirstOrDefault(x => x.Value.Name == e).Value?.JoinKeys ?? []).ToList();
            foreach (var clash in view.Features.Where(f => keys.Contains(f.Name) || f.Name == source.TimestampColumn || f.Name == source.CreatedColumn))
            {
                errors.Add(Error(file, node, $"feature '{clash.Name}' of view '{view.Name}' is a join key or timestamp column, not a feature"));
            }
        }

        foreach (var (service, file, node) in services)
        {
            foreach (var reference in service.Features)
            {
                var view = views.FirstOrDefault(v => v.Value.Name == reference.View).Value;
                if (view is null || !view.Features.Any(f => f.Name == reference.Feature))
                {
                    errors.Add(Error(file, node, $"feature service '{service.Name}' lists '{reference}', which no feature view defines"));
                }
            }
        }
    }

    private static FeatureSpecError Error(string file, YamlNode node, string message) =>
        new(file, PipelineSpecParser.Line(node.Start), PipelineSpecParser.Column(node.Start), message);
}
