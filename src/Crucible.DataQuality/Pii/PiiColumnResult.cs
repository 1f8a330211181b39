namespace Crucible.DataQuality.Pii;

/// <summary>
/// The PII decision for one column. <see cref="Share"/> and <see cref="Matched"/> belong to the entity
/// that matched most cells, even when its share stayed under the threshold and <see cref="Entity"/> is null.
/// Serialized as <c>column</c>, <c>entity</c>, <c>share</c>, <c>matched</c>, <c>non_null</c>.
/// </summary>
/// <param name="Column">Column name.</param>
/// <param name="Entity">Presidio entity name, or null when no entity reached the threshold.</param>
/// <param name="Share">Matched / non-null, 0 for an all-missing column.</param>
/// <param name="Matched">Non-missing cells that matched the entity.</param>
/// <param name="NonNull">Non-missing cells.</param>
public sealed record PiiColumnResult(string Column, string? Entity, double Share, long Matched, long NonNull)
{
    /// <summary>
    /// The Wilson score interval of the share (95% by default): how sure the share is given the count behind it.
    /// A method, not a property, so the JSON keeps exactly the five documented fields.
    /// </summary>
    public (double Low, double High) ShareInterval(double z = 1.96)
    {
        if (NonNull == 0)
        {
            return (0, 1);
        }

        double n = NonNull;
        double p = (double)Matched / n;
        double denominator = 1 + (z * z / n);
        double centre = (p + (z * z / (2 * n))) / denominator;
        double half = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
