using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Columns against an expected schema (given, or the reference's): a missing column, a changed type or a
/// missing value in a column expected non-nullable fails; integer ↔ float and extra columns warn.
/// </summary>
internal static class SchemaCheck
{
    public static IEnumerable<CheckResult> Run(CheckContext context)
    {
        IReadOnlyList<ExpectedColumn>? expected = context.Options.ExpectedSchema
            ?? context.Reference?.Profile.Columns.Select(c => new ExpectedColumn(c.Name, c.Type)).ToList();
        if (expected is null)
        {
            yield break;
        }

        var actual = context.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var failures = new List<string>();
        var warnings = new List<string>();
        foreach (ExpectedColumn e in expected)
        {
            if (!actual.TryGetValue(e.Name, out ColumnProfile? column))
            {
                failures.Add($"column '{e.Name}' is missing");
                continue;
            }

            if (e.Type is { } type && type != column.Type)
            {
                bool numeric = type is ColumnType.Integer or ColumnType.Float && column.Type is ColumnType.Integer or ColumnType.Float;
                (numeric ? warnings : failures).Add($"column '{e.Name}' is {Name(column.Type)}, expected {Name(type)}");
            }

            if (e.Nullable == false && column.NullCount > 0)
            {
                failures.Add($"column '{e.Name}' has {column.NullCount} missing values but is expected to have none");
            }
        }

        var names = new HashSet<string>(expected.Select(e => e.Name), StringComparer.Ordinal);
        warnings.AddRange(context.Columns.Where(c => !names.Contains(c.Name)).Select(c => $"column '{c.Name}' is not in the expected schema"));
        int problems = failures.Count + warnings.Count;
        CheckStatus status = failures.Count > 0 ? CheckStatus.Fail : warnings.Count > 0 ? CheckStatus.Warn : CheckStatus.Pass;
        string message = problems == 0
            ? $"All {expected.Count} expected columns are present with the expected types."
            : string.Join("; ", failures.Concat(warnings)) + ".";
        yield return CheckResult.Of(CheckNames.SchemaMatch, null, status, problems, 0, Capitalize(message));
    }

    private static string Name(ColumnType type) => type.ToString().ToLowerInvariant();

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
