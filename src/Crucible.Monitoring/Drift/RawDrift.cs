using System.Globalization;
using Crucible.Monitoring.Readers;
using Crucible.Stats.Drift;

namespace Crucible.Monitoring.Drift;

/// <summary>
/// Exact drift from raw columns held in memory (small data): the same tests as SciPy/Evidently on
/// the full samples. Use <see cref="ProfileDrift"/> for large data or time windows.
/// </summary>
public static class RawDrift
{
    /// <summary>Compares current against reference.</summary>
    public static DriftReport Compute(RawTable reference, RawTable current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        options.Validate();
        var rCols = reference.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var cCols = current.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var tested = new List<(ColumnDrift, DriftTestResult)>();
        var skipped = new List<SkippedColumn>();
        foreach (string name in DriftAssembly.ColumnsToCompare(rCols.Keys, cCols.Keys, options))
        {
            RawColumn r = rCols[name], c = cCols[name];
            bool numeric = r.IsNumeric && c.IsNumeric;
            string?[] rs = numeric ? [] : Strings(r), cs = numeric ? [] : Strings(c);
            long unique = numeric
                ? r.Numbers!.Concat(c.Numbers!).Where(double.IsFinite).Distinct().LongCount()
                : rs.Concat(cs).Where(s => s is not null).Distinct(StringComparer.Ordinal).LongCount();
            string? reason = SkipReason(r, c, numeric, rs, cs, options.TestFor(name) is not null);
            if (reason is not null)
            {
                skipped.Add(new SkippedColumn(name, reason));
                continue;
            }

            DriftTestChoice choice = DriftAssembly.Choose(options, name, reference.RowCount, numeric, unique);
            try
            {
                DriftCalculator calc = DriftAssembly.Calculator(choice, numeric);
                DriftTestResult result = numeric
                    ? calc.Compute(Finite(r.Numbers!), Finite(c.Numbers!))
                    : calc.Compute(rs, cs);
                tested.Add((new ColumnDrift(name, result.Test, result.Statistic, result.PValue, result.Threshold, result.Drift, numeric ? "numeric" : "categorical", true), result));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                skipped.Add(new SkippedColumn(name, $"{choice.Test}: {e.Message}"));
            }
        }

        return DriftAssembly.Finish(tested, skipped, options, reference.RowCount, current.RowCount, "raw");
    }

    private static string? SkipReason(RawColumn r, RawColumn c, bool numeric, string?[] rs, string?[] cs, bool explicitTest)
    {
        if (numeric)
        {
            return r.Numbers!.Any(double.IsFinite) && c.Numbers!.Any(double.IsFinite) ? null : "no finite numbers on one side";
        }

        if (r.IsNumeric != c.IsNumeric)
        {
            return $"numeric in the {(r.IsNumeric ? "reference" : "current")} data but not in the {(r.IsNumeric ? "current" : "reference")} data";
        }

        if (!rs.Any(s => s is not null) || !cs.Any(s => s is not null))
        {
            return $"no values in the {(rs.Any(s => s is not null) ? "current" : "reference")} data";
        }

        return !explicitTest && (IsText(rs) || IsText(cs))
            ? "text column (nearly every value distinct); choose a test explicitly to compare it as categories"
            : null;
    }

    private static bool IsText(string?[] values)
    {
        string[] present = values.Where(v => v is not null).ToArray()!;
        return DriftAssembly.LooksLikeText(present.Length, present.Distinct(StringComparer.Ordinal).Count());
    }

    internal static string?[] Strings(RawColumn column) =>
        column.Strings ?? column.Numbers!.Select(v => double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)).ToArray();

    private static double[] Finite(double[] values) => values.Where(double.IsFinite).ToArray();
}
