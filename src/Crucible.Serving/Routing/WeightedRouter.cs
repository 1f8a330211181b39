namespace Crucible.Serving.Routing;

/// <summary>
/// Picks a route index with probability weight / sum of weights (Seldon's experiment candidates, KServe's canary
/// percentage). Routes of weight 0 are never picked.
/// <para>
/// Draws are lock-free and reproducible: draw <c>n</c> is SplitMix64 (Steele, Lea and Flood, 2014) of
/// <c>seed + n · 0x9E3779B97F4A7C15</c>, where <c>n</c> comes from an interlocked counter. One thread picking from a
/// router with a given seed always sees the same sequence; concurrent threads share that sequence between them. The
/// 64-bit draw is mapped onto [0, sum) by a 64×64→128-bit multiply (Lemire), whose bias is below sum / 2^64.
/// </para>
/// </summary>
public sealed class WeightedRouter
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;
    private readonly ulong[] _cumulative;
    private readonly ulong _total;
    private readonly ulong _seed;
    private readonly int _only;
    private long _draws;

    /// <param name="weights">One non-negative weight per route; at least one must be positive.</param>
    /// <param name="seed">The sequence's seed (for example from <see cref="Random.Shared"/> in production, fixed in tests).</param>
    public WeightedRouter(IReadOnlyList<int> weights, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _cumulative = new ulong[weights.Count];
        var positive = 0;
        _only = -1;
        for (var i = 0; i < weights.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(weights[i], nameof(weights));
            if (weights[i] > 0)
            {
                positive++;
                _only = i;
            }

            _total += (ulong)weights[i];
            _cumulative[i] = _total;
        }

        if (_total == 0)
        {
            throw new ArgumentException("at least one route needs a positive weight", nameof(weights));
        }

        if (positive > 1)
        {
            _only = -1;
        }

        _seed = seed;
    }

    /// <summary>Routes, including those of weight 0.</summary>
    public int Count => _cumulative.Length;

    /// <summary>The next route index.</summary>
    public int Pick()
    {
        if (_only >= 0)
        {
            return _only;
        }

        var n = (ulong)Interlocked.Increment(ref _draws);
        var draw = Math.BigMul(SplitMix64(_seed + (n * Gamma)), _total, out _);
        var cumulative = _cumulative;
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (draw < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }

    private static ulong SplitMix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
