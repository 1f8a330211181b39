namespace Crucible.Evaluation.Inputs;

/// <summary>
/// Bad evaluation input: the message names the file line (1-based, the header is line 1) or row and the column
/// at fault, so a user can go straight to the offending cell.
/// </summary>
public sealed class EvaluationInputException : Exception
{
    public EvaluationInputException()
    {
    }

    public EvaluationInputException(string message)
        : base(message)
    {
    }

    public EvaluationInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an error located at a line and column.</summary>
    public EvaluationInputException(string message, long? line, string? column)
        : base(message)
    {
        Line = line;
        Column = column;
    }

    /// <summary>Creates an error located at a line and column, caused by <paramref name="innerException"/>.</summary>
    public EvaluationInputException(string message, long? line, string? column, Exception innerException)
        : base(message, innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line (CSV: header is line 1; JSONL: first record is line 1), when known; null for Parquet, whose messages name the row group and row.</summary>
    public long? Line { get; }

    /// <summary>The column at fault, when known.</summary>
    public string? Column { get; }
}
