namespace Crucible.DataQuality.Profiling;

/// <summary>A row kept in the reservoir sample: its 1-based data row number and its cells.</summary>
internal sealed record SampledRow(long Row, string?[] Cells);
