namespace Crucible.Features.Definitions;

/// <summary>One problem in a definition file: the file, and the 1-based line and column it points at.</summary>
public sealed record FeatureSpecError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Definition files that cannot be applied: every problem found, each pointing at its file, line and column.</summary>
public sealed class FeatureSpecException : Exception
{
    public FeatureSpecException(IReadOnlyList<FeatureSpecError> errors)
        : base(Describe(errors)) => Errors = errors;

    public FeatureSpecException()
        : this([])
    {
    }

    public FeatureSpecException(string message)
        : this([new FeatureSpecError("features", 1, 1, message)])
    {
    }

    public FeatureSpecException(string message, Exception innerException)
        : base(message, innerException) => Errors = [new FeatureSpecError("features", 1, 1, message)];

    public IReadOnlyList<FeatureSpecError> Errors { get; }

    private static string Describe(IReadOnlyList<FeatureSpecError> errors) => errors.Count switch
    {
        0 => "Invalid feature definitions.",
        1 => $"Invalid feature definitions: {errors[0]}",
        _ => $"Invalid feature definitions ({errors.Count} problems): " + string.Join("; ", errors),
    };
}
