using System.Globalization;
using Crucible.Core.Errors;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Overrides of the default conditions by name, for command lines and config files:
/// <c>max_duplicate_share=0.1</c>. Names are the snake_case of the <see cref="CheckOptions"/> properties.
/// </summary>
public static class CheckConditions
{
    private static readonly Dictionary<string, Func<CheckOptions, double, CheckOptions>> Setters = new(StringComparer.Ordinal)
    {
        ["max_missing_share"] = (o, v) => o with { MaxMissingShare = Share(v) },
        ["almost_constant_share"] = (o, v) => o with { AlmostConstantShare = Share(v) },
        ["max_duplicate_share"] = (o, v) => o with { MaxDuplicateShare = Share(v) },
        ["max_conflicting_label_share"] = (o, v) => o with { MaxConflictingLabelShare = Share(v) },
        ["min_class_ratio"] = (o, v) => o with { MinClassRatio = Share(v) },
        ["max_mixed_type_share"] = (o, v) => o with { MaxMixedTypeShare = Share(v) },
        ["max_out_of_range_share"] = (o, v) => o with { MaxOutOfRangeShare = Share(v) },
        ["max_new_category_share"] = (o, v) => o with { MaxNewCategoryShare = Share(v) },
        ["outlier_iqr_factor"] = (o, v) => o with { OutlierIqrFactor = Positive(v) },
        ["max_outlier_share"] = (o, v) => o with { MaxOutlierShare = Share(v) },
        ["max_leakage_score"] = (o, v) => o with { MaxLeakageScore = Positive(v) },
        ["max_train_test_overlap"] = (o, v) => o with { MaxTrainTestOverlap = Share(v) },
        ["max_neighbour_disagreement"] = (o, v) => o with { MaxNeighbourDisagreement = Share(v) },
        ["max_outlier_excess"] = (o, v) => o with { MaxOutlierExcess = Share(v) },
        ["neighbours"] = (o, v) => o with { Neighbours = Count(v) },
        ["max_classes"] = (o, v) => o with { MaxClasses = Count(v) },
    };

    /// <summary>The names that can be overridden.</summary>
    public static IReadOnlyCollection<string> Names => Setters.Keys;

    /// <summary>Applies <c>name=value</c> overrides in order; an unknown name or a bad value is an error.</summary>
    public static CheckOptions Apply(CheckOptions options, IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(assignments);
        foreach (string assignment in assignments)
        {
            int eq = assignment.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? assignment : assignment[..eq].Trim();
            if (eq < 0 || !Setters.TryGetValue(name, out var set))
            {
                throw CrucibleException.Invalid($"Unknown condition '{assignment}'; use name=value with one of: {string.Join(", ", Names)}.");
            }

            if (!double.TryParse(assignment.AsSpan(eq + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw CrucibleException.Invalid($"Condition '{name}' needs a number, got '{assignment[(eq + 1)..]}'.");
            }

            options = set(options, value);
        }

        return options;
    }

    private static double Share(double v) =>
        v is >= 0 and <= 1 ? v : throw CrucibleException.Invalid($"A share must be between 0 and 1, got {v.ToString(CultureInfo.InvariantCulture)}.");

    private static double Positive(double v) =>
        v > 0 ? v : throw CrucibleException.Invalid($"The value must be positive, got {v.ToString(CultureInfo.InvariantCulture)}.");

    private static int Count(double v) =>
        v >= 1 && v == Math.Floor(v) && v <= 10_000 ? (int)v : throw CrucibleException.Invalid($"The value must be a whole number from 1 to 10000, got {v.ToString(CultureInfo.InvariantCulture)}.");
}
