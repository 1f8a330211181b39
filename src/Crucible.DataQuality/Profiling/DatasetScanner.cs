using Crucible.Core.Errors;
using Crucible.Tabular;

namespace Crucible.DataQuality.Profiling;

/// <summary>One streaming pass over a file: profiles, row identities, label groups and a seeded sample.</summary>
internal static class DatasetScanner
{
    public static DatasetScan Scan(string path, ScanOptions options)
    {
        using TabularReader reader = TabularReader.Open(path, options.Reader);
        return Scan(reader, path, options);
    }

    /// <summary>Scans rows already opened (a file or a folder); <paramref name="source"/> names them in the profile.</summary>
    public static DatasetScan Scan(ITabularRows reader, string source, ScanOptions options)
    {
        IReadOnlyList<string> columns = reader.Columns;
        int label = -1;
        if (options.Label is { } name)
        {
            label = IndexOf(columns, name);
        }

        var ignored = new HashSet<string>(options.IgnoreColumns, StringComparer.Ordinal);
        bool Identity(string c) => !ignored.Contains(c) && !RoleInference.HasIdName(c);
        var rowHasher = new RowHasher(columns, Identity);
        var featureHasher = new RowHasher(columns, c => Identity(c) && (label < 0 || c != columns[label]));
        var accumulators = columns.Select(c => new ColumnAccumulator(c)).ToArray();
        var hashes = new HashSet<ulong>();
        var overlapSet = options.OverlapColumns is { } shared ? new HashSet<string>(shared, StringComparer.Ordinal) : null;
        RowHasher? overlapHasher = overlapSet is null ? null : new RowHasher(columns, overlapSet.Contains);
        var overlap = new HashSet<ulong>();
        var groups = new Dictionary<ulong, LabelGroup>();
        var labels = new Dictionary<string, long>(StringComparer.Ordinal);
        var duplicates = new List<long>();
        var conflicts = new List<long>();
        var sample = new List<SampledRow>();
        var random = new Random(options.Seed);
        long duplicateCount = 0;

        // Each cell is hashed once per row, for every hasher that reads it (and the label).
        int[] hashed = [.. rowHasher.Columns.Concat(featureHasher.Columns).Concat(overlapHasher?.Columns ?? []).Append(label).Where(i => i >= 0).Distinct().Order()];
        var cellHashes = new ulong[columns.Count];
        var batcher = new ColumnBatcher(accumulators);

        while (reader.TryReadRow(out string?[]? row))
        {
            long n = reader.RowCount;
            batcher.Add(row);

            foreach (int i in hashed)
            {
                cellHashes[i] = RowHasher.Of(row[i]);
            }

            ulong rowHash = rowHasher.Hash(cellHashes);
            bool room = hashes.Count < options.MaxTrackedRows;
            if (room ? !hashes.Add(rowHash) : hashes.Contains(rowHash))
            {
                duplicateCount++;
                AddCapped(duplicates, n);
            }

            if (overlapHasher is not null && overlap.Count < options.MaxTrackedRows)
            {
                overlap.Add(overlapHasher.Hash(cellHashes));
            }

            if (label >= 0 && row[label] is { } value)
            {
                labels[value] = labels.GetValueOrDefault(value) + 1;
                AddToGroup(groups, featureHasher.Hash(cellHashes), cellHashes[label], n, conflicts, groups.Count < options.MaxTrackedRows);
            }

            Reservoir(sample, new SampledRow(n, row), n, options.SampleSize, random);
            if ((n & 0x3FFF) == 0)
            {
                options.Progress?.Invoke(reader.BytesRead, reader.Length);
            }
        }

        batcher.Complete();
        string sha = reader.Sha256();
        options.Progress?.Invoke(reader.BytesRead, reader.Length);
        var profile = new DatasetProfile
        {
            Source = source,
            Format = reader.Format,
            Sha256 = sha,
            Bytes = reader.BytesRead,
            RowCount = reader.RowCount,
            Columns = [.. accumulators.Select(a => a.ToProfile())],
            Sketches = columns.Distinct(StringComparer.Ordinal).Count() == columns.Count
                ? new Stats.Profiles.DatasetProfile(accumulators.Select(a => a.Sketches), reader.RowCount)
                : null,
        };
        return new DatasetScan
        {
            Profile = profile,
            LabelIndex = label,
            RowHashes = hashes,
            OverlapHashes = overlap,
            DuplicateRows = duplicateCount,
            DuplicateRowNumbers = duplicates,
            Groups = groups,
            ConflictRowNumbers = conflicts,
            FeatureHasher = featureHasher,
            LabelCounts = labels,
            Sample = sample,
            Values = [.. accumulators.Select(a => a.ExactValues)],
            Quantiles = [.. accumulators.Select(a => a.Quantiles)],
        };
    }

    public static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i] == name)
            {
                return i;
            }
        }

        throw CrucibleException.Invalid($"Column '{name}' is not in the file (columns: {string.Join(", ", columns)}).");
    }

    private static void AddToGroup(Dictionary<ulong, LabelGroup> groups, ulong features, ulong label, long row, List<long> conflicts, bool room)
    {
        if (!room && !groups.ContainsKey(features))
        {
            return;
        }

        ref LabelGroup g = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(groups, features, out bool exists);
        if (!exists)
        {
            g = new LabelGroup { Label = label, FirstRow = row, Count = 1 };
            return;
        }

        g.Count++;
        if (g.Label != label)
        {
            if (!g.Conflict)
            {
                AddCapped(conflicts, g.FirstRow);
            }

            g.Conflict = true;
            AddCapped(conflicts, row);
        }
    }

    private static void AddCapped(List<long> rows, long row)
    {
        if (rows.Count < DatasetScan.MaxListedRows)
        {
            rows.Add(row);
        }
    }

    private static void Reservoir(List<SampledRow> sample, SampledRow row, long seen, int capacity, Random random)
    {
        if (sample.Count < capacity)
        {
            sample.Add(row);
            return;
        }

        long j = random.NextInt64(seen);
        if (j < capacity)
        {
            sample[(int)j] = row;
        }
    }
}
