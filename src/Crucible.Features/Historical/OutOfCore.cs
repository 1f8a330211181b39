namespace Crucible.Features.Historical;

/// <summary>
/// The out-of-core point-in-time join, a hash-partitioned (grace) join over spill files: for each view, the entity
/// rows' keys and times and the source rows are split by a hash of the key into partitions; each partition is joined
/// in memory by the same <see cref="FeatureIndex"/> the in-memory path uses, its answers kept in entity-row order;
/// the partitions' answers are merged back into entity-row order; a last pass zips the entity frame with each view's
/// answers. Memory holds one partition of one view's source rows at a time.
/// </summary>
internal static class OutOfCore
{
    public static long Run(HistoricalRequest request, IReadOnlyList<ViewPlan> plans, IReadOnlyList<string> columns, string output, int partitions)
    {
        var work = Path.Combine(request.WorkDirectory ?? Path.GetTempPath(), "crucible-features-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var answers = new List<string>();
            for (var v = 0; v < plans.Count; v++)
            {
                answers.Add(JoinView(request, plans, v, partitions, work));
            }

            return Zip(request, plans, columns, answers, output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int PartitionOf(string? key, int partitions) =>
        key is null ? 0 : (int)((uint)StableHash(key) % (uint)partitions);

    // FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.
    private static int StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }

    private static string JoinView(HistoricalRequest request, IReadOnlyList<ViewPlan> plans, int v, int partitions, string work)
    {
        var plan = plans[v];
        var width = plan.Features.Count;
        var entityFiles = Enumerable.Range(0, partitions).Select(p => new SpillWriter(Path.Combine(work, $"v{v}-e{p}.bin"))).ToArray();
        try
        {
            long index = 0;
            foreach (var (_, keys, at) in HistoricalRetrieval.Entities(request.EntitiesPath, request.TimestampColumn, plans))
            {
                var file = entityFiles[PartitionOf(keys[v], partitions)];
                file.Write(index++);
                file.Write(keys[v]);
                file.Write(at);
            }
        }
        finally
        {
            Array.ForEach(entityFiles, f => f.Dispose());
        }

        var sourceFiles = Enumerable.Range(0, partitions).Select(p => new SpillWriter(Path.Combine(work, $"v{v}-s{p}.bin"))).ToArray();
        try
        {
            foreach (var record in plan.Read())
            {
                var file = sourceFiles[PartitionOf(record.Key, partitions)];
                file.Write(record.Key);
                file.Write(record.EventTicks);
                file.Write(record.CreatedTicks);
                file.Write(record.Sequence);
                file.Write(record.Values, width);
            }
        }
        finally
        {
            Array.ForEach(sourceFiles, f => f.Dispose());
        }

        var answerFiles = new List<string>();
        for (var p = 0; p < partitions; p++)
        {
            var index = new FeatureIndex(plan.TtlTicks);
            using (var source = new SpillReader(sourceFiles[p].Path))
            {
                while (!source.AtEnd)
                {
                    index.Add(new FeatureRecord(source.ReadString()!, source.ReadLong(), source.ReadLong(), source.ReadLong(), source.ReadStrings(width)));
                }
            }

            File.Delete(sourceFiles[p].Path);
            index.Seal();
            var answer = Path.Combine(work, $"v{v}-a{p}.bin");
            using (var entities = new SpillReader(entityFiles[p].Path))
            using (var writer = new SpillWriter(answer))
            {
                while (!entities.AtEnd)
                {
                    var row = entities.ReadLong();
                    var key = entities.ReadString();
                    writer.Write(row);
                    writer.Write(index.Lookup(key, entities.ReadLong()), width);
                }
            }

            File.Delete(entityFiles[p].Path);
            answerFiles.Add(answer);
        }

        return Merge(answerFiles, width, Path.Combine(work, $"v{v}.bin"));
    }

    /// <summary>Merges the partitions' answers (each in entity-row order) into one file in entity-row order, without the row numbers.</summary>
    private static string Merge(List<string> files, int width, string merged)
    {
        var readers = files.Select(f => new SpillReader(f)).ToArray();
        try
        {
            var queue = new PriorityQueue<int, long>();
            for (var i = 0; i < readers.Length; i++)
            {
                if (!readers[i].AtEnd)
                {
                    queue.Enqueue(i, readers[i].ReadLong());
                }
            }

            using var writer = new SpillWriter(merged);
            while (queue.TryDequeue(out var i, out _))
            {
                writer.Write(readers[i].ReadStrings(width), width);
                if (!readers[i].AtEnd)
                {
                    queue.Enqueue(i, readers[i].ReadLong());
                }
            }
        }
        finally
        {
            Array.ForEach(readers, r => r.Dispose());
            files.ForEach(File.Delete);
        }

        return merged;
    }

    private static long Zip(HistoricalRequest request, IReadOnlyList<ViewPlan> plans, IReadOnlyList<string> columns, List<string> answers, string output)
    {
        var readers = answers.Select(a => new SpillReader(a)).ToArray();
        try
        {
            var writer = HistoricalRetrieval.Output(output, columns, out var stream);
            using (stream)
            {
                long rows = 0;
                var cells = new string?[columns.Count];
                foreach (var (row, _, _) in HistoricalRetrieval.Entities(request.EntitiesPath, request.TimestampColumn, plans))
                {
                    row.CopyTo(cells, 0);
                    var offset = row.Length;
                    for (var v = 0; v < plans.Count; v++)
                    {
                        foreach (var value in readers[v].ReadStrings(plans[v].Features.Count))
                        {
                            cells[offset++] = value;
                        }
                    }

                    writer.WriteRow(cells);
                    rows++;
                }

                return rows;
            }
        }
        finally
        {
            Array.ForEach(readers, r => r.Dispose());
        }
    }
}
