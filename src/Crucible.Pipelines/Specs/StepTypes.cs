namespace Crucible.Pipelines.Specs;

/// <summary>What a setting holds, checked when the file is validated (a value with a <c>${...}</c> reference is checked when it runs).</summary>
public enum SettingKind
{
    Text,
    List,
    Map,
    Number,
    Duration,
}

/// <summary>One setting a step type accepts.</summary>
public sealed record SettingRule(string Name, SettingKind Kind, bool Required, string Description);

/// <summary>The step types and the settings each accepts; anything else in a step is an error naming it.</summary>
public static class StepTypes
{
    public const string Validate = "validate";
    public const string Train = "train";
    public const string Evaluate = "evaluate";
    public const string Gate = "gate";
    public const string Register = "register";
    public const string Deploy = "deploy";
    public const string Promote = "promote";
    public const string Notify = "notify";

    public static IReadOnlyDictionary<string, IReadOnlyList<SettingRule>> Rules { get; } = new Dictionary<string, IReadOnlyList<SettingRule>>(StringComparer.Ordinal)
    {
        [Validate] =
        [
            new("dataset", SettingKind.Text, true, "a CSV / JSON Lines file, or a registered dataset NAME@VERSION"),
            new("label", SettingKind.Text, false, "the label column (label checks)"),
            new("reference", SettingKind.Text, false, "a reference dataset (drift, schema, range checks)"),
            new("conditions", SettingKind.Map, false, "condition overrides, as `crucible data check --condition`"),
        ],
        [Train] =
        [
            new("trainer", SettingKind.Text, false, "a built-in trainer (logistic_regression, linear_regression, gbt_classifier, gbt_regressor)"),
            new("command", SettingKind.List, false, "a program and its arguments; it writes model.onnx into $CRUCIBLE_OUTPUT_DIR"),
            new("dataset", SettingKind.Text, true, "the training data: a file or NAME@VERSION"),
            new("label", SettingKind.Text, false, "the label column (required with a supervised trainer; optional known segments for kmeans and gaussian_mixture)"),
            new("exclude_columns", SettingKind.List, false, "columns that are not features (with trainer), e.g. a sensitive attribute kept for fairness"),
            new("params", SettingKind.Map, false, "trainer parameters, or CRUCIBLE_PARAM_* variables for a command"),
            new("env", SettingKind.Map, false, "extra environment variables for a command"),
            new("timeout", SettingKind.Duration, false, "how long a command may run (default 1h)"),
            new("experiment", SettingKind.Text, false, "the tracking experiment of the run (default pipelines/<name>)"),
        ],
        [Evaluate] =
        [
            new("model", SettingKind.Text, true, "an ONNX file (a train step's model) or models:/NAME/VERSION or models:/NAME@ALIAS"),
            new("dataset", SettingKind.Text, true, "the evaluation data: a file or NAME@VERSION"),
            new("label", SettingKind.Text, false, "the label column (default label)"),
            new("champion", SettingKind.Text, false, "the model to compare with, e.g. models:/churn@champion; absent champions are skipped"),
            new("task", SettingKind.Text, false, "binary (default) or regression"),
            new("sensitive", SettingKind.Text, false, "a sensitive column for fairness metrics"),
            new("slice_by", SettingKind.List, false, "columns to slice by"),
            new("exclude_columns", SettingKind.List, false, "columns that are not model features"),
        ],
        [Gate] =
        [
            new("evaluation", SettingKind.Text, true, "the id of the evaluate step"),
            new("condition", SettingKind.Text, true, "a gate expression, e.g. roc_auc >= champion.roc_auc - 0.01"),
            new("if_no_champion", SettingKind.Text, false, "pass or fail (default): the verdict when the evaluation had no champion"),
        ],
        [Register] =
        [
            new("model", SettingKind.Text, true, "the ONNX file to register (a train step's model)"),
            new("name", SettingKind.Text, true, "the registered model name (created if needed)"),
            new("run_id", SettingKind.Text, false, "the tracking run the package is written into (default a new run)"),
            new("description", SettingKind.Text, false, "the version's description"),
        ],
        [Deploy] =
        [
            new("deployment", SettingKind.Text, true, "an existing deployment"),
            new("model", SettingKind.Text, true, "models:/NAME/VERSION of the new version"),
            new("weight", SettingKind.Number, false, "the canary's share of traffic in percent, 1 to 100 (default 10)"),
        ],
        [Promote] =
        [
            new("deployment", SettingKind.Text, true, "the deployment carrying the canary"),
            new("model", SettingKind.Text, true, "models:/NAME/VERSION of the canary"),
            new("alias", SettingKind.Text, true, "the alias moved to the canary, e.g. champion"),
            new("window", SettingKind.Duration, false, "how long the canary must hold without errors or alerts (default 0)"),
            new("approval_wait", SettingKind.Duration, false, "when the alias is protected, how long to wait for another principal's approval before failing (default 0: fail at once with the request id)"),
        ],
        [Notify] =
        [
            new("url", SettingKind.Text, true, "the webhook URL"),
            new("message", SettingKind.Text, false, "the text sent"),
            new("secret", SettingKind.Text, false, "signs the body (X-Crucible-Signature)"),
        ],
    };
}
