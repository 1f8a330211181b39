namespace Crucible.Stats.Sketches;

/// <summary>Second byte of every sketch blob, after the version byte.</summary>
internal enum SketchKind : byte
{
    Moments = 1,
    Kll = 2,
    HyperLogLog = 3,
    FrequentItems = 4,
}
