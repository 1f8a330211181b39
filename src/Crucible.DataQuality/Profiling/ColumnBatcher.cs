namespace Crucible.DataQuality.Profiling;

/// <summary>
/// Feeds rows to the column accumulators in batches, on other cores, while the caller reads the next batch. Each
/// accumulator still sees its column's cells in file order (one batch at a time, rows in order), so every
/// sketch ends up exactly as after a sequential pass. Memory: two batches of row references.
/// </summary>
internal sealed class ColumnBatcher(ColumnAccumulator[] accumulators, int batchSize = 512)
{
    private string?[][] _filling = new string?[batchSize][];
    private string?[][] _spare = new string?[batchSize][];
    private int _count;
    private Task _pending = Task.CompletedTask;

    public void Add(string?[] row)
    {
        _filling[_count++] = row;
        if (_count == _filling.Length)
        {
            Flush();
        }
    }

    /// <summary>Returns once every row added so far has been accumulated.</summary>
    public void Complete()
    {
        Flush();
        _pending.GetAwaiter().GetResult();
    }

    private void Flush()
    {
        // The batch before this one must be done: its accumulators are about to get the next cells, and its
        // array becomes the one the caller fills next.
        _pending.GetAwaiter().GetResult();
        string?[][] batch = _filling;
        int count = _count;
        _filling = _spare;
        _spare = batch;
        _count = 0;
        _pending = count == 0 ? Task.CompletedTask : Task.Run(() => Accumulate(batch, count));
    }

    private void Accumulate(string?[][] batch, int count) =>
        Parallel.For(0, accumulators.Length, i =>
        {
            ColumnAccumulator accumulator = accumulators[i];
            for (int r = 0; r < count; r++)
            {
                accumulator.Add(batch[r][i]);
            }
        });
}
