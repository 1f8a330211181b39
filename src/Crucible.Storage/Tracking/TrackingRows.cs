using System.Data.Common;
using System.Globalization;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

/// <summary>Maps tracking rows to entities and entity values to column values; the one place that knows both.</summary>
internal static class TrackingRows
{
    public static string Stage(LifecycleStage stage) => stage == LifecycleStage.Active ? "active" : "deleted";

    public static LifecycleStage Stage(string value) => value == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active;

    public static string Status(RunStatus status) => status.ToString().ToUpperInvariant();

    public static RunStatus Status(string value) => Enum.Parse<RunStatus>(value, ignoreCase: true);

    public static long ExperimentId(string? id)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw CrucibleException.Invalid($"Invalid experiment ID: '{id}'.");
        }

        return value;
    }

    public static Experiment Experiment(DbDataReader r, IReadOnlyList<Tag> tags) => new(
        r.Int64(0).ToString(CultureInfo.InvariantCulture),
        r.GetString(1),
        r.GetString(2),
        Stage(r.GetString(3)),
        r.Int64(4),
        r.Int64(5),
        tags);

    public static RunInfo RunInfo(DbDataReader r) => new(
        r.GetString(0),
        r.Int64(1).ToString(CultureInfo.InvariantCulture),
        r.GetString(2),
        r.GetString(3),
        Status(r.GetString(4)),
        r.Int64(5),
        r.NullableInt64(6),
        r.GetString(7),
        Stage(r.GetString(8)));

    /// <summary>Reads (key, value, is_nan, timestamp, step) starting at <paramref name="first"/>.</summary>
    public static Metric Metric(DbDataReader r, int first) => new(
        r.GetString(first),
        r.Int64(first + 2) != 0 ? double.NaN : Finite(r.GetDouble(first + 1)),
        r.Int64(first + 3),
        r.Int64(first + 4));

    /// <summary>
    /// A metric value as stored, as MLflow's SqlAlchemyStore stores it: NaN as 0 with <c>is_nan</c> set (read back as
    /// NaN), and ±infinity as ±<see cref="double.MaxValue"/> (1.7976931348623157e308), which is what is read back.
    /// </summary>
    public static (double Value, short IsNan) MetricValue(double value) => double.IsNaN(value) ? (0d, (short)1) : (Finite(value), (short)0);

    /// <summary>±infinity as ±<see cref="double.MaxValue"/>; rows stored before that rule read back the same way.</summary>
    private static double Finite(double value) => double.IsInfinity(value) ? (value > 0 ? double.MaxValue : double.MinValue) : value;
}
