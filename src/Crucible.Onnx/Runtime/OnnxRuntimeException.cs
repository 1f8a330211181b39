namespace Crucible.Onnx.Runtime;

/// <summary>An error reported by ONNX Runtime itself, carrying its code and its own message unchanged.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode code, string ortMessage)
        : base($"ONNX Runtime error {code}: {ortMessage}")
    {
        Code = code;
        OrtMessage = ortMessage;
    }

    public OnnxRuntimeException()
        : this(OrtErrorCode.Fail, "unknown error")
    {
    }

    public OnnxRuntimeException(string message)
        : this(OrtErrorCode.Fail, message)
    {
    }

    public OnnxRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = OrtErrorCode.Fail;
        OrtMessage = message;
    }

    public OrtErrorCode Code { get; }

    /// <summary>ONNX Runtime's message, as it wrote it.</summary>
    public string OrtMessage { get; }

    /// <summary>True when the caller's inputs were at fault (wrong name, type or shape) rather than the runtime.</summary>
    public bool IsInvalidArgument => Code == OrtErrorCode.InvalidArgument;
}
