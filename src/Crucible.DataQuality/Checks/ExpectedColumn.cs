using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>A column an expected schema requires; a null type or nullability is not checked.</summary>
public sealed record ExpectedColumn(string Name, ColumnType? Type = null, bool? Nullable = null);
