using System.Buffers;

namespace Crucible.Stats.Sketches;

/// <summary>Merge and binary serialization of the KLL sketch.</summary>
public sealed partial class KllSketch
{
    private const byte Version = 1;

    /// <summary>
    /// Folds another sketch (same k) into this one: levels are combined weight by weight, then
    /// compacted until the capacity holds again. This sketch's coin stream continues.
    /// </summary>
    public void Merge(KllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.K != K)
        {
            throw new ArgumentException($"Cannot merge KLL sketches with k={K} and k={other.K}.", nameof(other));
        }

        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("Cannot merge a sketch into itself.", nameof(other));
        }

        if (other.N == 0)
        {
            return;
        }

        while (_numLevels < other._numLevels)
        {
            AddLevel();
        }

        EnsureLevel0(_size0 + other._size0);
        Array.Copy(other._level0, 0, _level0, _size0, other._size0);
        _size0 += other._size0;
        for (int h = 1; h < other._numLevels; h++)
        {
            MergeSortedInto(h, other._levels[h], other._sizes[h]);
        }

        _retained += other._retained;
        N += other.N;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
        _view = null;
        EnsureLevel0(Math.Max(_totalCapacity, _size0));
        Compress();
    }

    private void MergeSortedInto(int h, double[] items, int count)
    {
        int size = _sizes[h];
        EnsureScratch(size);
        Array.Copy(_levels[h], _scratch, size);
        double[] target = _levels[h];
        if (target.Length < size + count)
        {
            target = new double[Math.Max(size + count, target.Length * 2)];
            _levels[h] = target;
        }

        int i = 0, j = 0, o = 0;
        while (i < size || j < count)
        {
            target[o++] = j >= count || (i < size && _scratch[i] <= items[j]) ? _scratch[i++] : items[j++];
        }

        _sizes[h] = o;
    }

    /// <summary>Writes the versioned binary form.</summary>
    public void Serialize(IBufferWriter<byte> output)
    {
        var w = new SketchWriter(Version, SketchKind.Kll);
        w.WriteInt32(K);
        w.WriteUInt64(_rng);
        w.WriteInt64(N);
        w.WriteDouble(_min);
        w.WriteDouble(_max);
        w.WriteInt32(_numLevels);
        for (int h = 0; h < _numLevels; h++)
        {
            int size = SizeOf(h);
            w.WriteInt32(size);
            for (int i = 0; i < size; i++)
            {
                w.WriteDouble(_levels[h][i]);
            }
        }

        w.CopyTo(output);
    }

    /// <summary>Reads the binary form; throws <see cref="InvalidDataException"/> on bad input.</summary>
    public static KllSketch Deserialize(ReadOnlySpan<byte> blob)
    {
        var r = SketchReader.Open(blob, Version, SketchKind.Kll);
        int k = r.ReadInt32();
        r.Require(k is >= MinK and <= MaxK, "k out of range");
        var s = new KllSketch(k, r.ReadUInt64());
        s.N = r.ReadInt64();
        s._min = r.ReadDouble();
        s._max = r.ReadDouble();
        int levels = r.ReadInt32();
        r.Require(levels is >= 1 and <= 62, "level count out of range");
        while (s._numLevels < levels)
        {
            s.AddLevel();
        }

        long weight = 0;
        for (int h = 0; h < levels; h++)
        {
            int size = r.ReadInt32();
            r.Require(size >= 0 && size <= blob.Length / 8, "level size out of range");
            double[] items = new double[Math.Max(size, h == 0 ? s._totalCapacity : MinLevelCapacity)];
            for (int i = 0; i < size; i++)
            {
                items[i] = r.ReadDouble();
                r.Require(!double.IsNaN(items[i]) && items[i] >= s._min && items[i] <= s._max, "item outside [min, max]");
                r.Require(h == 0 || i == 0 || items[i] >= items[i - 1], "level not sorted");
            }

            s._levels[h] = items;
            if (h == 0)
            {
                s._level0 = items;
                s._size0 = size;
            }
            else
            {
                s._sizes[h] = size;
            }

            s._retained += size;
            weight += (long)size << h;
        }

        r.EnsureFullyRead();
        r.Require(s.N >= 0 && weight == s.N, "weights do not add up to n");
        r.Require(s.N == 0 || s._min <= s._max, "min greater than max");
        return s;
    }
}
