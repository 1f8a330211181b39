namespace Crucible.DataQuality.Profiling;

/// <summary>Rows sharing the same feature values: how many, the first label seen and whether another label appeared.</summary>
internal struct LabelGroup
{
    public ulong Label;
    public long FirstRow;
    public int Count;
    public bool Conflict;
}
