namespace Crucible.Pipelines;

/// <summary>A step that cannot go on: the message is what the run's record shows as the step's error.</summary>
public sealed class PipelineStepException : Exception
{
    public PipelineStepException()
    {
    }

    public PipelineStepException(string message)
        : base(message)
    {
    }

    public PipelineStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
