using Crucible.Core.Errors;
using Crucible.Tabular;

namespace Crucible.DataQuality.Pii;

/// <summary>
/// Decides per column whether it holds PII from the share of non-missing cells that a validating
/// recognizer accepts (Luhn, mod-97, SSN rules, address parsing, header hints for names), instead of
/// Presidio's most-common-detection rule that calls a column PII on a single hit. Streams the file.
/// </summary>
public static class PiiScanner
{
    /// <summary>
    /// The columns a scan calls PII (in file order), for redacting "whatever holds PII"; <c>InvalidParameterValue</c>
    /// when none reaches the threshold, since a redaction of nothing is almost certainly a mistake.
    /// </summary>
    public static IReadOnlyList<string> FlaggedColumns(string path, PiiOptions? options = null)
    {
        options ??= new PiiOptions();
        string[] flagged = [.. Scan(path, options).Where(r => r.Entity is not null).Select(r => r.Column)];
        return flagged.Length > 0
            ? flagged
            : throw CrucibleException.Invalid(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"A PII scan flagged no column at threshold {options.Threshold}, so there is nothing to redact; name the columns to redact them anyway."));
    }

    public static IReadOnlyList<PiiColumnResult> Scan(string path, PiiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new PiiOptions();
        if (!(options.Threshold > 0 && options.Threshold <= 1))
        {
            throw CrucibleException.Invalid($"The PII threshold must be in (0, 1], got {options.Threshold}.");
        }

        using TabularReader reader = TabularReader.Open(path, options.Reader);
        var counters = reader.Columns.Select(c => new ColumnPiiCounter(c)).ToArray();
        while (reader.TryReadRow(out string?[]? row))
        {
            for (int i = 0; i < row.Length; i++)
            {
                counters[i].Add(row[i]);
            }

            if ((reader.RowCount & 0x3FFF) == 0)
            {
                options.Progress?.Invoke(reader.BytesRead, reader.Length);
            }
        }

        options.Progress?.Invoke(reader.BytesRead, reader.Length);
        return [.. counters.Select(c => c.Result(options.Threshold))];
    }

    /// <summary>Which recognizer accepts one value, for a column with the given header; null when none.</summary>
    public static string? Classify(string value, string header = "value")
    {
        ArgumentNullException.ThrowIfNull(value);
        var counter = new ColumnPiiCounter(header);
        counter.Add(value);
        return counter.Result(1.0).Entity;
    }
}
