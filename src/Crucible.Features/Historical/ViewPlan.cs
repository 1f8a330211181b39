using Crucible.Core.Errors;
using Crucible.Features.Definitions;
using Crucible.Tabular;

namespace Crucible.Features.Historical;

/// <summary>
/// One feature view as a retrieval reads it: its join keys, TTL, the requested features, where its source rows are
/// (a file or a folder of files) and the output column each feature becomes.
/// </summary>
internal sealed record ViewPlan(FeatureViewDefinition View, SourceDefinition Source, string SourcePath, IReadOnlyList<string> JoinKeys, IReadOnlyList<string> Features, IReadOnlyList<string> OutputColumns)
{
    /// <summary>The key separator: a unit separator cannot occur in a key's text cells in practice, and keeps composite keys apart.</summary>
    public const char KeySeparator = '\u001f';

    public long TtlTicks => View.Ttl.Ticks;

    /// <summary>Groups the requested features by view (request order kept) and resolves each view's source to a local path.</summary>
    public static IReadOnlyList<ViewPlan> Build(FeatureRepo repo, string repoDirectory, IReadOnlyList<FeatureRef> features, IReadOnlyCollection<string> entityColumns, Func<SourceDefinition, string>? resolve = null)
    {
        var names = features.GroupBy(f => f.Feature, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.View).Distinct().Count(), StringComparer.Ordinal);
        var plans = new List<ViewPlan>();
        foreach (var group in features.GroupBy(f => f.View, StringComparer.Ordinal))
        {
            var view = repo.View(group.Key);
            var requested = group.Select(f => f.Feature).Distinct(StringComparer.Ordinal).ToList();
            foreach (var missing in requested.Where(f => !view.Features.Any(d => d.Name == f)))
            {
                throw CrucibleException.Invalid($"Feature view '{view.Name}' has no feature '{missing}'.");
            }

            var source = repo.SourceOf(view);
            var path = resolve?.Invoke(source) ?? (source.Kind == SourceKind.Path
                ? Path.GetFullPath(Path.Combine(repoDirectory, source.Location))
                : throw CrucibleException.Invalid($"Source '{source.Name}' is a {source.Kind.ToString().ToLowerInvariant()} source; local retrieval reads path sources (a file or folder)."));
            var output = requested.Select(f => names[f] > 1 || entityColumns.Contains(f) ? $"{view.Name}__{f}" : f).ToList();
            plans.Add(new ViewPlan(view, source, path, repo.JoinKeys(view), requested, output));
        }

        return plans;
    }

    /// <summary>Opens the view's source: a file, or every tabular file of a folder read as one table.</summary>
    public ITabularRows Open()
    {
        if (Directory.Exists(SourcePath))
        {
            var files = Directory.EnumerateFiles(SourcePath).Order(StringComparer.Ordinal).Select(f => new FolderFile(Path.GetFileName(f), f)).ToList();
            return files.Count > 0 ? TabularFolder.Open(files) : throw CrucibleException.Invalid($"Source '{Source.Name}': folder '{SourcePath}' holds no files.");
        }

        return TabularReader.Open(SourcePath);
    }

    /// <summary>Streams the source's rows as <see cref="FeatureRecord"/>s (rows without a key or event time are skipped: they can never join).</summary>
    public IEnumerable<FeatureRecord> Read()
    {
        using var rows = Open();
        var keys = JoinKeys.Select(k => Column(rows, k)).ToArray();
        var ts = Column(rows, Source.TimestampColumn);
        var created = Source.CreatedColumn is { } c ? Column(rows, c) : -1;
        var values = Features.Select(f => Column(rows, f)).ToArray();
        long sequence = 0;
        while (rows.TryReadRow(out var row))
        {
            var key = Key(row, keys);
            if (key is null || !FeatureTimestamps.TryParse(row[ts], out var eventTicks))
            {
                continue;
            }

            var createdTicks = created >= 0 && FeatureTimestamps.TryParse(row[created], out var ct) ? ct : long.MinValue;
            var cells = new string?[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                cells[i] = row[values[i]];
            }

            yield return new FeatureRecord(key, eventTicks, createdTicks, sequence++, cells);
        }
    }

    /// <summary>The composite key of a row, or null when a key cell is missing.</summary>
    public static string? Key(string?[] row, int[] columns)
    {
        if (columns.Length == 1)
        {
            return row[columns[0]];
        }

        var parts = new string[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            if (row[columns[i]] is not { } cell)
            {
                return null;
            }

            parts[i] = cell;
        }

        return string.Join(KeySeparator, parts);
    }

    public static int Column(ITabularRows rows, string name)
    {
        for (var i = 0; i < rows.Columns.Count; i++)
        {
            if (rows.Columns[i] == name)
            {
                return i;
            }
        }

        throw CrucibleException.Invalid($"Column '{name}' is missing (columns: {string.Join(", ", rows.Columns)}).");
    }
}
