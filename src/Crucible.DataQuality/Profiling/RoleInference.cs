namespace Crucible.DataQuality.Profiling;

/// <summary>
/// The role heuristics, in order:
/// <list type="number">
/// <item>datetime type → <see cref="ColumnRole.Datetime"/>;</item>
/// <item>integer or string, at least 20 values, ≥ 99% distinct and either a name hint (<c>id</c>, <c>*_id</c>,
/// <c>*Id</c>, <c>uuid</c>, <c>guid</c>, <c>key</c>) or, for integers, a dense range (max − min &lt; 2·n, like a row
/// index) or, for strings, no whitespace → <see cref="ColumnRole.Id"/>; with a name hint 90% distinct is enough;</item>
/// <item>integer or float → <see cref="ColumnRole.Numeric"/>; boolean → <see cref="ColumnRole.Categorical"/>;</item>
/// <item>string with ≤ 50 distinct values or ≤ 5% distinct → <see cref="ColumnRole.Categorical"/>;</item>
/// <item>string where half the values hold whitespace or the mean length is ≥ 30 → <see cref="ColumnRole.Text"/>;</item>
/// <item>otherwise a high-cardinality <see cref="ColumnRole.Categorical"/>.</item>
/// </list>
/// </summary>
public static class RoleInference
{
    public const int MinRowsForId = 20;

    public static ColumnRole Infer(string name, ColumnType type, long nonNull, long distinct, double? min, double? max, double whitespaceShare, double averageLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (type == ColumnType.DateTime)
        {
            return ColumnRole.Datetime;
        }

        double ratio = nonNull == 0 ? 0 : (double)distinct / nonNull;
        bool hint = HasIdName(name);
        if (nonNull >= MinRowsForId && type is ColumnType.Integer or ColumnType.String && (ratio >= 0.99 || (hint && ratio >= 0.9)))
        {
            bool dense = type == ColumnType.Integer && min is { } lo && max is { } hi && hi - lo < 2.0 * nonNull;
            bool compact = type == ColumnType.String && whitespaceShare < 0.01;
            if (hint || dense || compact)
            {
                return ColumnRole.Id;
            }
        }

        return type switch
        {
            ColumnType.Integer or ColumnType.Float => ColumnRole.Numeric,
            ColumnType.Boolean => ColumnRole.Categorical,
            _ when distinct <= 50 || ratio <= 0.05 => ColumnRole.Categorical,
            _ when whitespaceShare >= 0.5 || averageLength >= 30 => ColumnRole.Text,
            _ => ColumnRole.Categorical,
        };
    }

    /// <summary>True for names like id, ID, user_id, userId, uuid, guid, key, row_key.</summary>
    public static bool HasIdName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string lower = name.ToLowerInvariant();
        return lower is "id" or "uuid" or "guid" or "key" or "index"
            || lower.EndsWith("_id", StringComparison.Ordinal) || lower.EndsWith("-id", StringComparison.Ordinal)
            || lower.EndsWith("_key", StringComparison.Ordinal) || lower.EndsWith("uuid", StringComparison.Ordinal)
            || (name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal) && char.IsLower(name[^3]));
    }
}
