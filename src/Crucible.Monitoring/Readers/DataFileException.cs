namespace Crucible.Monitoring.Readers;

/// <summary>A data file could not be read; <see cref="Line"/> is the 1-based line of the problem (0 when not tied to a line).</summary>
public sealed class DataFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DataFileException(string path, long line, string problem, Exception? inner = null)
        : base(line > 0 ? $"{path} line {line}: {problem}" : $"{path}: {problem}", inner)
    {
        Path = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>1-based line number, 0 when the problem concerns the whole file.</summary>
    public long Line { get; }

    /// <summary>The problem without the location.</summary>
    public string Problem { get; }
}
