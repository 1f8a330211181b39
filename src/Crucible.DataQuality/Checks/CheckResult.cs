namespace Crucible.DataQuality.Checks;

/// <summary>One check's outcome: the measured value, the threshold it was held to and one sentence of explanation.</summary>
/// <param name="Check">Check name, snake_case (e.g. <c>duplicate_rows</c>).</param>
/// <param name="Column">The column it is about, or null for whole-dataset checks.</param>
/// <param name="Status">pass, warn or fail.</param>
/// <param name="Value">The measured value (a share, ratio, score or statistic).</param>
/// <param name="Threshold">The limit the value was compared with.</param>
/// <param name="Message">One sentence a person can act on.</param>
/// <param name="Rows">1-based data row numbers that triggered it (at most 50), empty otherwise.</param>
public sealed record CheckResult(string Check, string? Column, CheckStatus Status, double Value, double Threshold, string Message, IReadOnlyList<long> Rows)
{
    public static CheckResult Of(string check, string? column, CheckStatus status, double value, double threshold, string message, IReadOnlyList<long>? rows = null) =>
        new(check, column, status, value, threshold, message, rows ?? []);
}
