using Crucible.Core.Errors;

namespace Crucible.Tabular;

/// <summary>
/// A data file that cannot be read or a cell that does not fit: the one error type of tabular reading, an
/// <see cref="ErrorCode.InvalidParameterValue"/>. The message reads
/// <c>file: line 3, column 'score': problem</c> (CSV, JSON Lines) or <c>file: row group 2, row 17, column 'score': problem</c>
/// (Parquet); parts that are not known are left out.
/// </summary>
public sealed class TabularDataException : CrucibleException
{
    public TabularDataException(string? file, TabularPosition? position, string? column, string problem, Exception? inner = null)
        : base(ErrorCode.InvalidParameterValue, Compose(file, position, column, problem), inner)
    {
        File = file;
        Position = position;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file's name as given to the reader, when known.</summary>
    public string? File { get; }

    /// <summary>Where in the file, when tied to a place.</summary>
    public TabularPosition? Position { get; }

    /// <summary>The 1-based line (CSV, JSON Lines), when known.</summary>
    public long? Line => Position?.Line;

    /// <summary>The column at fault, when known.</summary>
    public string? Column { get; }

    /// <summary>The problem without its location.</summary>
    public string Problem { get; }

    /// <summary>The same error, naming <paramref name="file"/> when it named none.</summary>
    public TabularDataException InFile(string? file) =>
        File is not null || file is null ? this : new TabularDataException(file, Position, Column, Problem, InnerException);

    internal static TabularDataException AtLine(long line, string problem, Exception? inner = null) =>
        new(null, TabularPosition.AtLine(line), null, problem, inner);

    private static string Compose(string? file, TabularPosition? position, string? column, string problem)
    {
        string where = (position?.ToString(), column) switch
        {
            (null, null) => string.Empty,
            (null, { } c) => $"column '{c}'",
            ({ } p, null) => p,
            ({ } p, { } c) => $"{p}, column '{c}'",
        };
        string located = where.Length == 0 ? problem : $"{where}: {problem}";
        return file is null ? located : $"{file}: {located}";
    }
}
