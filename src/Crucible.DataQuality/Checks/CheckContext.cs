using System.Globalization;
using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>What every check reads: the current scan, the optional reference scan and the options.</summary>
internal sealed class CheckContext(DatasetScan current, DatasetScan? reference, CheckOptions options)
{
    public DatasetScan Current { get; } = current;

    public DatasetScan? Reference { get; } = reference;

    public CheckOptions Options { get; } = options;

    public IReadOnlyList<ColumnProfile> Columns => Current.Profile.Columns;

    public int LabelIndex => Current.LabelIndex;

    public ColumnProfile? LabelProfile => LabelIndex < 0 ? null : Columns[LabelIndex];

    /// <summary>True when the label has few distinct values (classes) rather than being a regression target.</summary>
    public bool IsClassification => LabelProfile is { } p && (p.Type is ColumnType.Boolean or ColumnType.String || p.DistinctCount <= Options.MaxClasses);

    /// <summary>Column indices other than the label.</summary>
    public IEnumerable<int> Features => Enumerable.Range(0, Columns.Count).Where(i => i != LabelIndex);

    /// <summary>Features whose values are (almost all) numbers and that are not identifiers.</summary>
    public IEnumerable<int> NumericFeatures => Features.Where(i => Columns[i].Role == ColumnRole.Numeric);

    public static string Percent(double share) => share.ToString("0.##%", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static double Parse(string? cell) =>
        cell is not null && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : double.NaN;

    /// <summary>
    /// For per-column checks: one result per column that breached, or a single pass result (worst value)
    /// saying all columns were within the limit.
    /// </summary>
    public static IEnumerable<CheckResult> Summarize(string check, double threshold, IReadOnlyList<CheckResult> breaches, double worst, string passMessage)
    {
        return breaches.Count > 0 ? breaches : [CheckResult.Of(check, null, CheckStatus.Pass, worst, threshold, passMessage)];
    }
}
