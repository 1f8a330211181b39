namespace Crucible.DataQuality.Checks;

/// <summary>The names checks report under.</summary>
public static class CheckNames
{
    public const string SchemaMatch = "schema_match";
    public const string MissingShare = "missing_share";
    public const string ConstantColumn = "constant_column";
    public const string AlmostConstantColumn = "almost_constant_column";
    public const string DuplicateRows = "duplicate_rows";
    public const string ConflictingLabels = "conflicting_labels";
    public const string LabelImbalance = "label_imbalance";
    public const string MixedTypes = "mixed_types";
    public const string OutOfRange = "out_of_range";
    public const string NewCategories = "new_categories";
    public const string Outliers = "outliers";
    public const string IdLikeColumn = "id_like_column";
    public const string LabelLeakage = "label_leakage";
    public const string TrainTestOverlap = "train_test_overlap";
    public const string LabelDrift = "label_drift";
    public const string LabelNeighbourDisagreement = "label_neighbour_disagreement";
    public const string OutlierCluster = "outlier_cluster";
}
