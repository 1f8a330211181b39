using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;

namespace Crucible.Serving.Protocols;

/// <summary>Converts one CSV field to a tensor element: invariant-culture numbers, true/false/1/0 for BOOL, text for BYTES.</summary>
internal static class TextElementReader<T>
{
    public static T Read(ReadOnlySpan<byte> text, bool escapedQuotes, in ElementContext context, long line)
    {
        if (typeof(T) == typeof(string))
        {
            var s = ReadString(text, escapedQuotes, context);
            return Unsafe.As<string, T>(ref s);
        }

        var trimmed = text.Trim(" \t"u8);
        if (trimmed.IsEmpty)
        {
            throw CrucibleException.Invalid($"CSV line {line}: empty value for {context.Datatype} input '{context.Input}'");
        }

        if (typeof(T) == typeof(bool))
        {
            bool v;
            if (trimmed.SequenceEqual("true"u8) || trimmed.SequenceEqual("True"u8) || trimmed.SequenceEqual("TRUE"u8) || trimmed.SequenceEqual("1"u8))
            {
                v = true;
            }
            else if (trimmed.SequenceEqual("false"u8) || trimmed.SequenceEqual("False"u8) || trimmed.SequenceEqual("FALSE"u8) || trimmed.SequenceEqual("0"u8))
            {
                v = false;
            }
            else
            {
                throw Expected("true or false", trimmed, context, line);
            }

            return Unsafe.As<bool, T>(ref v);
        }

        if (typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half) || context.Type == OnnxElementType.Bf16)
        {
            var d = ReadDouble(trimmed, context, line);
            if (typeof(T) == typeof(float))
            {
                var f = (float)d;
                return Unsafe.As<float, T>(ref f);
            }

            if (typeof(T) == typeof(double))
            {
                return Unsafe.As<double, T>(ref d);
            }

            if (typeof(T) == typeof(Half))
            {
                var h = (Half)d;
                return Half.IsInfinity(h) && double.IsFinite(d) ? throw OutOfRange(trimmed, context, line) : Unsafe.As<Half, T>(ref h);
            }

            var bits = JsonElementReader<ushort>.ToBFloat16((float)d);
            return Unsafe.As<ushort, T>(ref bits);
        }

        if (typeof(T) == typeof(ulong))
        {
            var u = ulong.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : throw NotInteger(trimmed, context, line);
            return Unsafe.As<ulong, T>(ref u);
        }

        var l = long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : throw NotInteger(trimmed, context, line);
        if (typeof(T) == typeof(long))
        {
            return Unsafe.As<long, T>(ref l);
        }

        if (typeof(T) == typeof(int))
        {
            var v = l is >= int.MinValue and <= int.MaxValue ? (int)l : throw OutOfRange(trimmed, context, line);
            return Unsafe.As<int, T>(ref v);
        }

        if (typeof(T) == typeof(short))
        {
            var v = l is >= short.MinValue and <= short.MaxValue ? (short)l : throw OutOfRange(trimmed, context, line);
            return Unsafe.As<short, T>(ref v);
        }

        if (typeof(T) == typeof(sbyte))
        {
            var v = l is >= sbyte.MinValue and <= sbyte.MaxValue ? (sbyte)l : throw OutOfRange(trimmed, context, line);
            return Unsafe.As<sbyte, T>(ref v);
        }

        if (typeof(T) == typeof(byte))
        {
            var v = l is >= byte.MinValue and <= byte.MaxValue ? (byte)l : throw OutOfRange(trimmed, context, line);
            return Unsafe.As<byte, T>(ref v);
        }

        if (typeof(T) == typeof(ushort))
        {
            var v = l is >= ushort.MinValue and <= ushort.MaxValue ? (ushort)l : throw OutOfRange(trimmed, context, line);
            return Unsafe.As<ushort, T>(ref v);
        }

        if (typeof(T) == typeof(uint))
        {
            var v = l is >= uint.MinValue and <= uint.MaxValue ? (uint)l : throw OutOfRange(trimmed, context, line);
            return Unsafe.As<uint, T>(ref v);
        }

        throw CrucibleException.Invalid($"input '{context.Input}': datatype {context.Datatype} cannot be read from CSV");
    }

    private static string ReadString(ReadOnlySpan<byte> text, bool escapedQuotes, in ElementContext context)
    {
        if (!escapedQuotes && text.Length > context.MaxStringBytes)
        {
            throw TooLong(context);
        }

        var s = Encoding.UTF8.GetString(text);
        if (escapedQuotes)
        {
            s = s.Replace("\"\"", "\"", StringComparison.Ordinal);
            if (Encoding.UTF8.GetByteCount(s) > context.MaxStringBytes)
            {
                throw TooLong(context);
            }
        }

        return s;
    }

    private static double ReadDouble(ReadOnlySpan<byte> text, in ElementContext context, long line)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            if (double.IsFinite(d))
            {
                if (context.Type is OnnxElementType.Fp32 or OnnxElementType.Bf16 && float.IsInfinity((float)d))
                {
                    throw OutOfRange(text, context, line);
                }

                return d;
            }

            if (double.IsNaN(d) || IsInfinityText(text))
            {
                return d;
            }

            throw OutOfRange(text, context, line);
        }

        return Ascii.EqualsIgnoreCase(text, "nan"u8) ? double.NaN
            : Ascii.EqualsIgnoreCase(text, "inf"u8) || Ascii.EqualsIgnoreCase(text, "+inf"u8) ? double.PositiveInfinity
            : Ascii.EqualsIgnoreCase(text, "-inf"u8) ? double.NegativeInfinity
            : throw Expected("a number", text, context, line);
    }

    private static bool IsInfinityText(ReadOnlySpan<byte> text) => text.IndexOfAny("iI"u8) >= 0;

    private static CrucibleException NotInteger(ReadOnlySpan<byte> text, in ElementContext context, long line) =>
        text.IndexOfAny(".eE"u8) < 0 && text.IndexOfAnyExcept("+-0123456789"u8) < 0
            ? OutOfRange(text, context, line)
            : Expected("an integer", text, context, line);

    private static CrucibleException Expected(string what, ReadOnlySpan<byte> text, in ElementContext context, long line) =>
        CrucibleException.Invalid($"CSV line {line}: input '{context.Input}': expected {what} for {context.Datatype}, got '{Shorten(text)}'");

    private static CrucibleException OutOfRange(ReadOnlySpan<byte> text, in ElementContext context, long line) =>
        CrucibleException.Invalid($"CSV line {line}: input '{context.Input}': {Shorten(text)} is out of range for {context.Datatype}");

    private static CrucibleException TooLong(in ElementContext context) =>
        CrucibleException.Invalid($"input '{context.Input}': BYTES element longer than {context.MaxStringBytes} bytes");

    private static string Shorten(ReadOnlySpan<byte> text) =>
        text.Length > 40 ? Encoding.UTF8.GetString(text[..40]) + "..." : Encoding.UTF8.GetString(text);
}
