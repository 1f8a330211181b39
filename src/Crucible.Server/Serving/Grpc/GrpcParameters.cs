using Crucible.Core.Errors;
using Crucible.Server.Serving.Grpc.Wire;
using Google.Protobuf.Collections;

namespace Crucible.Server.Serving.Grpc;

/// <summary>
/// The protocol's <c>parameters</c> maps and the core's <c>string → object</c> parameters (string, bool, long,
/// double or ulong values, as the REST reader produces).
/// </summary>
internal static class GrpcParameters
{
    /// <summary>The request's parameters, or null when it has none; a parameter with no value set is refused.</summary>
    public static Dictionary<string, object>? Read(MapField<string, InferParameter> parameters)
    {
        if (parameters.Count == 0)
        {
            return null;
        }

        var read = new Dictionary<string, object>(parameters.Count, StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            read[key] = value.ParameterChoiceCase switch
            {
                InferParameter.ParameterChoiceOneofCase.BoolParam => value.BoolParam,
                InferParameter.ParameterChoiceOneofCase.Int64Param => value.Int64Param,
                InferParameter.ParameterChoiceOneofCase.StringParam => value.StringParam,
                InferParameter.ParameterChoiceOneofCase.DoubleParam => value.DoubleParam,
                InferParameter.ParameterChoiceOneofCase.Uint64Param => value.Uint64Param,
                _ => throw CrucibleException.Invalid($"request parameter '{key}' has no value"),
            };
        }

        return read;
    }

    /// <summary>Writes the core's parameters into a response map.</summary>
    public static void Write(IReadOnlyDictionary<string, object>? parameters, MapField<string, InferParameter> into)
    {
        foreach (var (key, value) in parameters ?? new Dictionary<string, object>())
        {
            into[key] = value switch
            {
                string s => new InferParameter { StringParam = s },
                bool b => new InferParameter { BoolParam = b },
                long l => new InferParameter { Int64Param = l },
                int n => new InferParameter { Int64Param = n },
                ulong u => new InferParameter { Uint64Param = u },
                double d => new InferParameter { DoubleParam = d },
                float f => new InferParameter { DoubleParam = f },
                _ => throw CrucibleException.Invalid($"response parameter '{key}' must be a string, a number or a bool, got {value?.GetType().Name ?? "null"}"),
            };
        }
    }
}
