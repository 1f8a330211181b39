namespace Crucible.Cli.Demo;

/// <summary>How the demo shows its progress.</summary>
internal interface IDemoProgress
{
    void Started(string step);

    void Finished(string step, TimeSpan elapsed, string? detail);

    /// <summary>A bar for work counted in items (requests sent); disposed when the work ends.</summary>
    IDemoCounter Counter(string label, int total);
}

internal interface IDemoCounter : IDisposable
{
    void Increment();
}

/// <summary>
/// Progress on a text writer: a line per finished step with its time, and for counted work a bar redrawn in place
/// when the writer is a terminal (a line at the end otherwise), so logs and <c>--json</c> stay clean.
/// </summary>
internal sealed class ConsoleDemoProgress(TextWriter writer, bool terminal) : IDemoProgress
{
    private int _step;

    public void Started(string step)
    {
        _step++;
        if (terminal)
        {
            writer.WriteLine($"[{_step,2}] {step} ...");
            writer.Flush();
        }
    }

    public void Finished(string step, TimeSpan elapsed, string? detail)
    {
        var line = $"[{_step,2}] {step} ({elapsed.TotalSeconds:0.0} s)";
        writer.WriteLine(terminal ? $"     done in {elapsed.TotalSeconds:0.0} s" : line);
        if (detail is not null)
        {
            writer.WriteLine($"     {detail}");
        }

        writer.Flush();
    }

    public IDemoCounter Counter(string label, int total) => new Bar(writer, terminal, label, total);

    private sealed class Bar(TextWriter writer, bool terminal, string label, int total) : IDemoCounter
    {
        private const int Width = 30;
        private int _done;

        public void Increment()
        {
            _done++;
            if (terminal && (_done == total || _done % Math.Max(1, total / 50) == 0))
            {
                var filled = total == 0 ? Width : _done * Width / total;
                writer.Write($"\r     {label,-32} [{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{total}");
                writer.Flush();
            }
        }

        public void Dispose()
        {
            writer.WriteLine(terminal ? string.Empty : $"     {label}: {_done}/{total} requests");
            writer.Flush();
        }
    }
}
