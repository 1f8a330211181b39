using Crucible.Stats.Profiles;
using Crucible.Stats.Drift;

namespace Crucible.Monitoring.Drift;

/// <summary>
/// Drift between two profiles, column by column, without raw data. Exact (equal to
/// <see cref="RawDrift"/> on the same rows) when the sketches involved are exact: KLL sketches that
/// have not compacted (fewer than k values), discrete numeric counts (at most
/// <see cref="ProfileOptions.DiscreteLimit"/> distinct numbers) and frequent strings with no
/// evictions. Otherwise sketch-approximate within the KLL rank error (about 1.3% at k = 256);
/// <see cref="ColumnDrift.Exact"/> says which. The numeric Hellinger distance is always binned
/// from the sketches (raw data uses a density over distinct values).
/// </summary>
public static class ProfileDrift
{
    /// <summary>Compares current against reference.</summary>
    public static DriftReport Compute(DatasetProfile reference, DatasetProfile current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        options.Validate();
        var tested = new List<(ColumnDrift, DriftTestResult)>();
        var skipped = new List<SkippedColumn>();
        foreach (string name in DriftAssembly.ColumnsToCompare(reference.ColumnNames, current.ColumnNames, options))
        {
            ColumnProfile r = reference[name], c = current[name];
            string? reason = SkipReason(r, c, options.TestFor(name) is not null);
            if (reason is not null)
            {
                skipped.Add(new SkippedColumn(name, reason));
                continue;
            }

            bool numeric = r.Kind == ColumnKind.Numeric;
            DriftTestChoice choice = DriftAssembly.Choose(options, name, reference.RowCount, numeric, ProfileColumnDrift.UnionDistinct(r, c));
            try
            {
                (DriftTestResult result, bool exact) = ProfileColumnDrift.Run(DriftAssembly.Calculator(choice, numeric), r, c, numeric);
                tested.Add((new ColumnDrift(name, result.Test, result.Statistic, result.PValue, result.Threshold, result.Drift, numeric ? "numeric" : "categorical", exact), result));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                skipped.Add(new SkippedColumn(name, $"{choice.Test}: {e.Message}"));
            }
        }

        return DriftAssembly.Finish(tested, skipped, options, reference.RowCount, current.RowCount, "profiles");
    }

    private static string? SkipReason(ColumnProfile r, ColumnProfile c, bool explicitTest)
    {
        if (r.Kind == ColumnKind.Empty || c.Kind == ColumnKind.Empty)
        {
            return $"no values in the {(r.Kind == ColumnKind.Empty ? "reference" : "current")} data";
        }

        bool rNumeric = r.Kind == ColumnKind.Numeric, cNumeric = c.Kind == ColumnKind.Numeric;
        if (rNumeric != cNumeric)
        {
            return $"numeric in the {(rNumeric ? "reference" : "current")} data but not in the {(rNumeric ? "current" : "reference")} data";
        }

        if (rNumeric && (r.NumericCount == 0 || c.NumericCount == 0))
        {
            return "no finite numbers on one side";
        }

        return !explicitTest && (r.Kind == ColumnKind.Text || c.Kind == ColumnKind.Text)
            ? "text column (nearly every value distinct); choose a test explicitly to compare it as categories"
            : null;
    }
}
