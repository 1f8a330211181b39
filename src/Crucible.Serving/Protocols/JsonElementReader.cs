using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Converts the current JSON token to a tensor element of type <typeparamref name="T"/>, without allocating for
/// numbers. The type tests are on <c>typeof(T)</c>, so the JIT keeps one branch per value-type instantiation.
/// Floats also accept <c>null</c> and the strings "NaN", "Infinity", "-Infinity" (what the writers emit for
/// non-finite values); integers refuse fractions and out-of-range values; BOOL takes only true/false; BYTES only strings.
/// </summary>
internal static class JsonElementReader<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Read(ref Utf8JsonReader reader, in ElementContext context)
    {
        if (typeof(T) == typeof(float))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var f) && float.IsFinite(f) ? f : (float)SlowDouble(ref reader, context);
            return Unsafe.As<float, T>(ref v);
        }

        if (typeof(T) == typeof(double))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d) ? d : SlowDouble(ref reader, context);
            return Unsafe.As<double, T>(ref v);
        }

        if (typeof(T) == typeof(long))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var x) ? x : throw NotInteger(ref reader, context);
            return Unsafe.As<long, T>(ref v);
        }

        if (typeof(T) == typeof(int))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var x) ? x : throw NotInteger(ref reader, context);
            return Unsafe.As<int, T>(ref v);
        }

        if (typeof(T) == typeof(bool))
        {
            var v = reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw Unexpected(ref reader, context, "true or false"),
            };
            return Unsafe.As<bool, T>(ref v);
        }

        if (typeof(T) == typeof(string))
        {
            var s = ReadString(ref reader, context);
            return Unsafe.As<string, T>(ref s);
        }

        if (typeof(T) == typeof(Half))
        {
            var d = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var x) && double.IsFinite(x) ? x : SlowDouble(ref reader, context);
            var v = (Half)d;
            if (Half.IsInfinity(v) && double.IsFinite(d))
            {
                throw OutOfRange(ref reader, context);
            }

            return Unsafe.As<Half, T>(ref v);
        }

        if (typeof(T) == typeof(ushort))
        {
            if (context.Type == OnnxElementType.Bf16)
            {
                var f = reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var x) && float.IsFinite(x) ? x : (float)SlowDouble(ref reader, context);
                var bits = ToBFloat16(f);
                return Unsafe.As<ushort, T>(ref bits);
            }

            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt16(out var u) ? u : throw NotInteger(ref reader, context);
            return Unsafe.As<ushort, T>(ref v);
        }

        if (typeof(T) == typeof(short))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetInt16(out var x) ? x : throw NotInteger(ref reader, context);
            return Unsafe.As<short, T>(ref v);
        }

        if (typeof(T) == typeof(sbyte))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetSByte(out var x) ? x : throw NotInteger(ref reader, context);
            return Unsafe.As<sbyte, T>(ref v);
        }

        if (typeof(T) == typeof(byte))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out var x) ? x : throw NotInteger(ref reader, context);
            return Unsafe.As<byte, T>(ref v);
        }

        if (typeof(T) == typeof(uint))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var x) ? x : throw NotInteger(ref reader, context);
            return Unsafe.As<uint, T>(ref v);
        }

        if (typeof(T) == typeof(ulong))
        {
            var v = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var x) ? x : throw NotInteger(ref reader, context);
            return Unsafe.As<ulong, T>(ref v);
        }

        throw CrucibleException.Invalid($"input '{context.Input}': datatype {context.Datatype} cannot be read from JSON");
    }

    /// <summary>Round to nearest even, as PyTorch and ONNX Runtime convert float to bfloat16.</summary>
    internal static ushort ToBFloat16(float value)
    {
        if (float.IsNaN(value))
        {
            return 0x7FC0;
        }

        var bits = BitConverter.SingleToUInt32Bits(value);
        bits += 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)(bits >> 16);
    }

    private static string ReadString(ref Utf8JsonReader reader, in ElementContext context)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Unexpected(ref reader, context, "a string");
        }

        if (!reader.ValueIsEscaped)
        {
            if (reader.ValueSpan.Length > context.MaxStringBytes)
            {
                throw StringTooLong(context);
            }

            return reader.GetString()!;
        }

        var s = reader.GetString()!;
        if (Encoding.UTF8.GetByteCount(s) > context.MaxStringBytes)
        {
            throw StringTooLong(context);
        }

        return s;
    }

    private static double SlowDouble(ref Utf8JsonReader reader, in ElementContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return double.NaN;
            case JsonTokenType.Number:
                if (reader.TryGetDouble(out var d) && double.IsFinite(d))
                {
                    if (context.Type is OnnxElementType.Fp32 or OnnxElementType.Bf16 && float.IsInfinity((float)d))
                    {
                        throw OutOfRange(ref reader, context);
                    }

                    return d;
                }

                throw OutOfRange(ref reader, context);
            case JsonTokenType.String:
                if (reader.ValueTextEquals("NaN"u8))
                {
                    return double.NaN;
                }

                if (reader.ValueTextEquals("Infinity"u8) || reader.ValueTextEquals("inf"u8))
                {
                    return double.PositiveInfinity;
                }

                if (reader.ValueTextEquals("-Infinity"u8) || reader.ValueTextEquals("-inf"u8))
                {
                    return double.NegativeInfinity;
                }

                throw Unexpected(ref reader, context, "a number");
            default:
                throw Unexpected(ref reader, context, "a number");
        }
    }

    private static CrucibleException NotInteger(ref Utf8JsonReader reader, in ElementContext context)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            return Unexpected(ref reader, context, "an integer");
        }

        var raw = reader.ValueSpan;
        return raw.IndexOfAny("."u8) >= 0 || raw.IndexOfAny("eE"u8) >= 0
            ? CrucibleException.Invalid($"input '{context.Input}': expected an integer for {context.Datatype}, got {Token(ref reader)}")
            : OutOfRange(ref reader, context);
    }

    private static CrucibleException OutOfRange(ref Utf8JsonReader reader, in ElementContext context) =>
        CrucibleException.Invalid($"input '{context.Input}': {Token(ref reader)} is out of range for {context.Datatype}");

    internal static CrucibleException Unexpected(ref Utf8JsonReader reader, in ElementContext context, string expected) =>
        CrucibleException.Invalid($"input '{context.Input}': expected {expected} for {context.Datatype}, got {Token(ref reader)}");

    private static CrucibleException StringTooLong(in ElementContext context) =>
        CrucibleException.Invalid($"input '{context.Input}': BYTES element longer than {context.MaxStringBytes} bytes");

    /// <summary>The current token as a short quotable text for error messages.</summary>
    internal static string Token(ref Utf8JsonReader reader) => JsonTokens.Describe(ref reader);
}
