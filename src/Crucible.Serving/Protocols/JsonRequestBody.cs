using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Serving.Inference;
using Crucible.Serving.Validation;

namespace Crucible.Serving.Protocols;

/// <summary>A protocol's parser of a JSON request body into typed tensors.</summary>
internal delegate InferenceRequest JsonRequestParser(ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits);

/// <summary>
/// The one path from a JSON body to a validated request shared by the protocols: parse with the protocol's reader,
/// turn any JSON failure (including invalid UTF-8, which the reader reports as <see cref="InvalidOperationException"/>)
/// into one invalid-parameter error, then validate against the signature.
/// </summary>
internal static class JsonRequestBody
{
    public static InferenceRequest Read(ReadOnlySpan<byte> json, ModelSignature signature, ServingLimits limits, JsonRequestParser parse)
    {
        InferenceRequest request;
        try
        {
            request = parse(json, signature, limits);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw CrucibleException.Invalid($"request body is not valid JSON: {e.Message}");
        }

        SignatureValidator.Validate(request, signature, limits);
        return request;
    }
}
