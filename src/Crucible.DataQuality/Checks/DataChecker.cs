using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Runs every applicable check over a file (and a reference file, when given): integrity checks always,
/// label checks with a label, comparison checks with a reference. One streaming pass per file.
/// </summary>
public static class DataChecker
{
    public static CheckReport Run(string path, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new CheckOptions();
        ScanOptions scan = options.Scan with { Label = options.Label };
        if (options.Reference is { } r)
        {
            scan = scan with { OverlapColumns = SharedColumns(path, r, options) };
        }

        DatasetScan current = DatasetScanner.Scan(path, scan);
        DatasetScan? reference = options.Reference is { } reference0 ? DatasetScanner.Scan(reference0, scan with { Progress = null }) : null;
        var context = new CheckContext(current, reference, options);
        var results = new List<CheckResult>();
        results.AddRange(SchemaCheck.Run(context));
        results.AddRange(IntegrityChecks.Run(context));
        results.AddRange(OutlierChecks.Run(context));
        if (options.Label is not null)
        {
            results.AddRange(LabelChecks.Run(context));
            results.AddRange(NeighbourCheck.Run(context));
        }

        if (reference is not null)
        {
            results.AddRange(ReferenceChecks.Run(context));
        }

        return new CheckReport(current.Profile, options.Label, options.Reference, results);
    }

    // Overlap compares rows on the columns both files have, identifiers and ignored columns aside.
    private static string[] SharedColumns(string path, string reference, CheckOptions options)
    {
        IReadOnlyList<string> a, b;
        using (var reader = Tabular.TabularReader.Open(path, options.Scan.Reader))
        {
            a = reader.Columns;
        }

        using (var reader = Tabular.TabularReader.Open(reference, options.Scan.Reader))
        {
            b = reader.Columns;
        }

        var ignored = new HashSet<string>(options.Scan.IgnoreColumns, StringComparer.Ordinal);
        return [.. a.Intersect(b, StringComparer.Ordinal).Where(c => !ignored.Contains(c) && !RoleInference.HasIdName(c))];
    }
}
