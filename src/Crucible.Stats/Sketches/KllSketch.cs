namespace Crucible.Stats.Sketches;

/// <summary>
/// KLL quantile sketch of doubles (Karnin, Lang and Liberty 2016) with lazy compaction:
/// level h holds items of weight 2^h and has capacity max(8, ⌈k·(2/3)^(H-1-h)⌉) for H levels;
/// when the retained total reaches the summed capacity, the lowest level at or over its
/// capacity is sorted and halved (a coin flip keeps the odd or even positions) into the level
/// above. The coin comes from a SplitMix64 stream whose state is part of the sketch, so runs are
/// reproducible and the seed survives serialization. NaN values are ignored.
/// </summary>
public sealed partial class KllSketch
{
    /// <summary>Default k (whylogs' default).</summary>
    public const int DefaultK = 256;

    /// <summary>Smallest allowed k.</summary>
    public const int MinK = 256;

    /// <summary>Largest allowed k.</summary>
    public const int MaxK = 65_535;

    /// <summary>Default seed of the compaction coin.</summary>
    public const ulong DefaultSeed = 0x5EED_C0FF_EE12_3457UL;

    private const int MinLevelCapacity = 8;

    private double[][] _levels;
    private int[] _sizes;
    private int _numLevels;
    private double[] _level0;
    private int _size0;
    private int _retained;
    private int _totalCapacity;
    private int[] _capacities = [];
    private ulong _rng;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double[] _scratch;
    private SortedView? _view;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="k">Accuracy parameter, at least 256 (error ~1/k).</param>
    /// <param name="seed">Seed of the compaction coin.</param>
    public KllSketch(int k = DefaultK, ulong seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, MinK);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxK);
        K = k;
        _rng = seed;
        _numLevels = 1;
        _sizes = new int[1];
        _totalCapacity = TotalCapacity(k, 1);
        _level0 = new double[_totalCapacity];
        _levels = [_level0];
        _scratch = new double[_totalCapacity];
    }

    /// <summary>The accuracy parameter.</summary>
    public int K { get; }

    /// <summary>Number of values seen.</summary>
    public long N { get; private set; }

    /// <summary>True when no value was seen.</summary>
    public bool IsEmpty => N == 0;

    /// <summary>Smallest value seen (NaN when empty).</summary>
    public double MinValue => N == 0 ? double.NaN : _min;

    /// <summary>Largest value seen (NaN when empty).</summary>
    public double MaxValue => N == 0 ? double.NaN : _max;

    /// <summary>Number of items kept.</summary>
    public int RetainedItems => _retained;

    /// <summary>Number of levels.</summary>
    public int NumLevels => _numLevels;

    /// <summary>
    /// A-priori normalized rank error with 99% confidence, from the empirically fitted constants
    /// published with the DataSketches KLL: single rank/quantile ε = 2.296 / k^0.9723,
    /// PMF/CDF (double-sided) ε = 2.446 / k^0.9433. k = 256 gives 1.05% and 1.31%.
    /// </summary>
    public static double NormalizedRankError(int k, bool pmf) =>
        pmf ? 2.446 / Math.Pow(k, 0.9433) : 2.296 / Math.Pow(k, 0.9723);

    /// <summary><see cref="NormalizedRankError(int, bool)"/> for this sketch's k.</summary>
    public double NormalizedRankError(bool pmf) => NormalizedRankError(K, pmf);

    /// <summary>Adds one value (allocation-free except when a new level is created).</summary>
    public void Update(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        if (_retained >= _totalCapacity)
        {
            Compress();
        }

        if (value < _min)
        {
            _min = value;
        }

        if (value > _max)
        {
            _max = value;
        }

        _level0[_size0++] = value;
        _retained++;
        N++;
        _view = null;
    }

    /// <summary>
    /// Adds every value of a span: the same result as adding them one by one, with level 0 filled in blocks up to the
    /// next compaction.
    /// </summary>
    public void Update(ReadOnlySpan<double> values)
    {
        int i = 0;
        while (i < values.Length)
        {
            if (_retained >= _totalCapacity)
            {
                Compress();
            }

            int take = Math.Min(_totalCapacity - _retained, values.Length - i);
            double[] level0 = _level0;
            int size = _size0, added = 0;
            double min = _min, max = _max;
            foreach (double v in values.Slice(i, take))
            {
                if (double.IsNaN(v))
                {
                    continue;
                }

                min = v < min ? v : min;
                max = v > max ? v : max;
                level0[size + added++] = v;
            }

            (_min, _max, _size0) = (min, max, size + added);
            _retained += added;
            N += added;
            i += take;
        }

        _view = null;
    }

    private static int LevelCapacity(int k, int numLevels, int level)
    {
        int depth = numLevels - 1 - level;
        return Math.Max(MinLevelCapacity, (int)Math.Ceiling(k * Math.Pow(2.0 / 3.0, depth)));
    }

    private static int TotalCapacity(int k, int numLevels)
    {
        int total = 0;
        for (int h = 0; h < numLevels; h++)
        {
            total += LevelCapacity(k, numLevels, h);
        }

        return total;
    }

    private int SizeOf(int level) => level == 0 ? _size0 : _sizes[level];

    private void Compress()
    {
        while (_retained >= _totalCapacity)
        {
            if (_capacities.Length != _numLevels)
            {
                _capacities = [.. Enumerable.Range(0, _numLevels).Select(level => LevelCapacity(K, _numLevels, level))];
            }

            int h = 0;
            while (SizeOf(h) < _capacities[h])
            {
                h++;
            }

            if (h == _numLevels - 1)
            {
                AddLevel();
            }

            CompactLevel(h);
        }
    }

    private void AddLevel()
    {
        _numLevels++;
        Array.Resize(ref _sizes, _numLevels);
        Array.Resize(ref _levels, _numLevels);
        _levels[_numLevels - 1] = new double[MinLevelCapacity];
        _totalCapacity = TotalCapacity(K, _numLevels);
        EnsureLevel0(_totalCapacity);
    }

    private void EnsureLevel0(int capacity)
    {
        if (_level0.Length < capacity)
        {
            Array.Resize(ref _level0, capacity);
            _levels[0] = _level0;
        }
    }

    private void CompactLevel(int h)
    {
        double[] src = _levels[h];
        int size = SizeOf(h);
        if (h == 0)
        {
            Array.Sort(src, 0, size);
        }

        int odd = size & 1;
        int half = (size - odd) / 2;
        int offset = odd + (int)(NextRandom() >> 63);
        // Keep src[0] at this level when the size is odd; promote every other item of the rest.
        int upperSize = _sizes[h + 1];
        EnsureScratch(upperSize + half);
        double[] upper = _levels[h + 1];
        if (upper.Length < upperSize + half)
        {
            Array.Resize(ref upper, Math.Max(upperSize + half, upper.Length * 2));
            _levels[h + 1] = upper;
        }

        Array.Copy(upper, _scratch, upperSize);
        int i = 0, j = 0, o = 0;
        while (i < upperSize || j < half)
        {
            double next = offset + (2 * j) < size && j < half ? src[offset + (2 * j)] : double.NaN;
            if (j < half && (i >= upperSize || next < _scratch[i]))
            {
                upper[o++] = next;
                j++;
            }
            else
            {
                upper[o++] = _scratch[i++];
            }
        }

        _sizes[h + 1] = o;
        if (h == 0)
        {
            _size0 = odd;
        }
        else
        {
            _sizes[h] = odd;
        }

        _retained -= half;
    }

    private void EnsureScratch(int size)
    {
        if (_scratch.Length < size)
        {
            _scratch = new double[Math.Max(size, _scratch.Length * 2)];
        }
    }

    private ulong NextRandom()
    {
        _rng += 0x9E3779B97F4A7C15UL;
        return Hash64.Mix(_rng);
    }
}
