namespace Crucible.Evaluation.Gates;

/// <summary>A gate expression that cannot be parsed or evaluated; the message points at the position with a caret.</summary>
public sealed class GateSyntaxException : Exception
{
    public GateSyntaxException()
    {
    }

    public GateSyntaxException(string message)
        : base(message)
    {
    }

    public GateSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an error at a 0-based position of <paramref name="expression"/>.</summary>
    public GateSyntaxException(string problem, string expression, int position)
        : base(Describe(problem, expression, position))
    {
        Problem = problem;
        Position = position;
    }

    /// <summary>The 0-based character position of the problem.</summary>
    public int Position { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string? Problem { get; }

    private static string Describe(string problem, string expression, int position) =>
        $"Gate error at position {position + 1}: {problem}{Environment.NewLine}  {expression}{Environment.NewLine}  {new string(' ', position)}^";
}
