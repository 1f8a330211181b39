using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Onnx.Runtime;

/// <summary>
/// Turns the official API's exception, whose message reads "[ErrorCode:Name] ORT's message", into
/// <see cref="OnnxRuntimeException"/> with ORT's numeric code and its message unchanged.
/// </summary>
internal static class OrtErrors
{
    private const string Prefix = "[ErrorCode:";

    public static OnnxRuntimeException Translate(Ort.OnnxRuntimeException ex)
    {
        var text = ex.Message;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.IndexOf(']', StringComparison.Ordinal) is var end && end < 0)
        {
            return new OnnxRuntimeException(OrtErrorCode.Fail, text);
        }

        var name = text[Prefix.Length..end];
        var message = text[(end + 1)..].TrimStart();

        // The managed API's (internal) enum names codes 0-10 as the C API does, prints 11 and 12 under older names and
        // later codes as numbers; the number is what counts (it is ORT's OrtErrorCode).
        var code = name switch
        {
            "ShapeInferenceNotRegistered" => 11,
            "RequirementNotRegistered" => 12,
            _ when Enum.TryParse<OrtErrorCode>(name, out var known) && !int.TryParse(name, out _) => (int)known,
            _ when int.TryParse(name, out var number) => number,
            _ => (int)OrtErrorCode.Fail,
        };
        return new OnnxRuntimeException(Enum.IsDefined((OrtErrorCode)code) ? (OrtErrorCode)code : OrtErrorCode.Fail, message);
    }
}
