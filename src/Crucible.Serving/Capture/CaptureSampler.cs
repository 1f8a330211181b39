namespace Crucible.Serving.Capture;

/// <summary>
/// Which requests go to the prediction log: a fraction <c>rate</c> of them, spread evenly (request n is taken when
/// ⌊n·rate⌋ moves), so the share is exact over any window rather than right on average. Lock-free.
/// </summary>
public sealed class CaptureSampler
{
    private readonly double _rate;
    private long _seen;

    public CaptureSampler(double rate)
    {
        if (!(rate > 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "the capture sample rate is a fraction in (0, 1]");
        }

        _rate = rate;
    }

    public static CaptureSampler All { get; } = new(1);

    public double Rate => _rate;

    /// <summary>True for the requests that are logged.</summary>
    public bool Take()
    {
        if (_rate >= 1)
        {
            return true;
        }

        var n = Interlocked.Increment(ref _seen);
        return (long)(n * _rate) != (long)((n - 1) * _rate);
    }
}
