using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Serving.Validation;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Reads tensor data from JSON straight into a typed span: either a flat row-major list of exactly as many values
/// as the shape holds, or nested lists whose lengths match the shape at every depth. A bare value is accepted
/// where one element is expected and <c>allowScalar</c> is set (an MLflow cell for an <c>[N]</c> or <c>[N,1]</c> input).
/// </summary>
internal static class TensorDataReader
{
    /// <summary>
    /// Reads the value the reader is on (its first token) into <paramref name="destination"/>, whose length is the
    /// shape's element count. The reader ends on the value's last token.
    /// </summary>
    public static void Read<T>(ref Utf8JsonReader reader, ReadOnlySpan<long> shape, Span<T> destination, in ElementContext context, bool allowScalar = false)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            if (allowScalar && destination.Length == 1 && reader.TokenType != JsonTokenType.StartObject)
            {
                destination[0] = JsonElementReader<T>.Read(ref reader, context);
                return;
            }

            throw CrucibleException.Invalid(
                $"input '{context.Input}': expected the data as a list of shape {ShapeText.Format(shape)}, got {JsonTokens.Describe(ref reader)}");
        }

        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray && shape.Length > 1)
        {
            ReadNested(ref reader, shape, destination, context);
        }
        else
        {
            ReadFlat(ref reader, shape, destination, context);
        }
    }

    private static void ReadFlat<T>(ref Utf8JsonReader reader, ReadOnlySpan<long> shape, Span<T> destination, in ElementContext context)
    {
        var count = 0L;
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                if (count >= destination.Length)
                {
                    // Already too many values: count the rest for the message.
                    reader.Skip();
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    destination[(int)count] = JsonElementReader<T>.Read(ref reader, context);
                }
                else
                {
                    throw CrucibleException.Invalid(
                        $"input '{context.Input}': data mixes values and nested lists; expected {destination.Length} values for shape {ShapeText.Format(shape)}, flat or nested");
                }
            }
            else if (count < destination.Length)
            {
                destination[(int)count] = JsonElementReader<T>.Read(ref reader, context);
            }

            count++;
            reader.Read();
        }

        if (count != destination.Length)
        {
            throw CrucibleException.Invalid(
                $"input '{context.Input}': shape {ShapeText.Format(shape)} holds {destination.Length} elements but data has {count}");
        }
    }

    /// <summary>Nested lists: the reader is on the first token inside the outer list.</summary>
    private static void ReadNested<T>(ref Utf8JsonReader reader, ReadOnlySpan<long> shape, Span<T> destination, in ElementContext context)
    {
        var rank = shape.Length;
        Span<long> counts = rank <= 32 ? stackalloc long[rank] : new long[rank];
        counts.Clear();
        var depth = 1;
        var index = 0;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    if (depth >= rank)
                    {
                        throw CrucibleException.Invalid(
                            $"input '{context.Input}': data is nested deeper than shape {ShapeText.Format(shape)} (rank {rank})");
                    }

                    Count(counts, shape, depth, context);
                    depth++;
                    counts[depth - 1] = 0;
                    break;
                case JsonTokenType.EndArray:
                    if (counts[depth - 1] != shape[depth - 1])
                    {
                        throw NestedMismatch(shape, depth, counts[depth - 1], context);
                    }

                    depth--;
                    if (depth == 0)
                    {
                        return;
                    }

                    break;
                default:
                    if (depth != rank)
                    {
                        throw CrucibleException.Invalid(
                            $"input '{context.Input}': a value at depth {depth} of nested data, but shape {ShapeText.Format(shape)} has rank {rank}");
                    }

                    Count(counts, shape, depth, context);
                    destination[index++] = JsonElementReader<T>.Read(ref reader, context);
                    break;
            }

            reader.Read();
        }
    }

    private static void Count(Span<long> counts, ReadOnlySpan<long> shape, int depth, in ElementContext context)
    {
        if (++counts[depth - 1] > shape[depth - 1])
        {
            throw NestedMismatch(shape, depth, counts[depth - 1], context, more: true);
        }
    }

    private static CrucibleException NestedMismatch(ReadOnlySpan<long> shape, int depth, long count, in ElementContext context, bool more = false) =>
        CrucibleException.Invalid(
            $"input '{context.Input}': nested data does not match shape {ShapeText.Format(shape)}: a list at depth {depth} has {(more ? "more than " + shape[depth - 1] : count)} elements, expected {shape[depth - 1]}");

    /// <summary>
    /// Infers a shape from nested lists (the lengths of the first list at each depth; a bare value has rank 0)
    /// without moving <paramref name="reader"/>. Returns the rank; <paramref name="dims"/> receives the sizes.
    /// The strict <see cref="Read{T}"/> then checks that every list agrees.
    /// </summary>
    public static int InferShape(Utf8JsonReader reader, Span<long> dims, string input)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return 0;
        }

        var maxRank = dims.Length;
        Span<long> counts = stackalloc long[maxRank];
        dims.Fill(-1);
        var depth = 0;
        var deepest = 0;
        var leafDepth = -1;
        do
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    if (depth > 0)
                    {
                        counts[depth - 1]++;
                    }

                    if (depth == maxRank)
                    {
                        throw CrucibleException.Invalid($"input '{input}': data is nested deeper than the limit of {maxRank} dimensions");
                    }

                    depth++;
                    deepest = Math.Max(deepest, depth);
                    counts[depth - 1] = 0;
                    break;
                case JsonTokenType.EndArray:
                    if (dims[depth - 1] < 0)
                    {
                        dims[depth - 1] = counts[depth - 1];
                    }

                    depth--;
                    break;
                case JsonTokenType.StartObject:
                    counts[depth - 1]++;
                    reader.Skip();
                    leafDepth = leafDepth < 0 ? depth : leafDepth;
                    break;
                default:
                    counts[depth - 1]++;
                    leafDepth = leafDepth < 0 ? depth : leafDepth;
                    break;
            }
        }
        while (depth > 0 && reader.Read());

        return leafDepth >= 0 ? leafDepth : deepest;
    }

    /// <summary>Product of the dimensions, or -1 when it passes <paramref name="max"/> (checked before any allocation).</summary>
    public static long ElementCount(ReadOnlySpan<long> shape, long max)
    {
        var zero = false;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                return -1;
            }

            zero |= d == 0;
        }

        if (zero)
        {
            return 0;
        }

        long count = 1;
        foreach (var d in shape)
        {
            if (count > max / d)
            {
                return -1;
            }

            count *= d;
        }

        return count;
    }
}
