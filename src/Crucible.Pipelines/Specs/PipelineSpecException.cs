namespace Crucible.Pipelines.Specs;

/// <summary>One problem in a pipeline file, with the 1-based line and column it points at.</summary>
public sealed record PipelineSpecError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>A pipeline file that cannot run: every problem found, each pointing at its line and column.</summary>
public sealed class PipelineSpecException : Exception
{
    public PipelineSpecException(IReadOnlyList<PipelineSpecError> errors)
        : base(Describe(errors)) => Errors = errors;

    public PipelineSpecException()
        : this([])
    {
    }

    public PipelineSpecException(string message)
        : this([new PipelineSpecError(1, 1, message)])
    {
    }

    public PipelineSpecException(string message, Exception innerException)
        : base(message, innerException) => Errors = [new PipelineSpecError(1, 1, message)];

    public IReadOnlyList<PipelineSpecError> Errors { get; }

    private static string Describe(IReadOnlyList<PipelineSpecError> errors) => errors.Count switch
    {
        0 => "Invalid pipeline.",
        1 => $"Invalid pipeline: {errors[0]}",
        _ => $"Invalid pipeline ({errors.Count} problems): " + string.Join("; ", errors),
    };
}
