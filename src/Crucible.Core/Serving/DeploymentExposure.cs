namespace Crucible.Core.Serving;

/// <summary>How much of a model's answer a deployment returns (issue 15, item 7).</summary>
public enum OutputMode
{
    /// <summary>Every output the model produced, rounded when <see cref="OutputControls.Decimals"/> is set.</summary>
    Full,

    /// <summary>Score outputs (floating point, one column per class) keep only each row's k largest values; the rest are returned as 0.</summary>
    TopK,

    /// <summary>Only the outputs that are not floating point (labels, class ids); probabilities and scores are withheld.</summary>
    Label,
}

/// <summary>
/// What a deployment's inference answers reveal: <see cref="Mode"/>, and <see cref="Decimals"/> to round every
/// floating-point value to (null: full precision). Full-precision probabilities let a caller rebuild a model
/// (a logistic model's weights come back exactly from a handful of calls); rounding and label-only answers stop that.
/// </summary>
public sealed record OutputControls(OutputMode Mode = OutputMode.Full, int? Decimals = null, int? TopK = null)
{
    /// <summary>Everything, at full precision: the default, as MLflow's scoring server answers.</summary>
    public static OutputControls Full { get; } = new();

    /// <summary>True when answers go out exactly as the model produced them.</summary>
    public bool IsFull => Mode == OutputMode.Full && Decimals is null;
}

/// <summary>A token bucket: <see cref="Burst"/> requests at once, refilled at <see cref="PerSecond"/> requests per second.</summary>
public sealed record RequestRate(double PerSecond, int Burst);

/// <summary>At most <see cref="Requests"/> requests in each fixed window of <see cref="Period"/>.</summary>
public sealed record RequestQuota(long Requests, TimeSpan Period);

/// <summary>
/// A deployment's inference exposure controls: what answers reveal (<see cref="Output"/>) and how much each caller
/// (its token, else its user name, else its address) may ask: <see cref="CallerRate"/> and <see cref="CallerQuota"/>
/// per caller, <see cref="TotalRate"/> for all callers together. Null limits are off.
/// </summary>
public sealed record DeploymentExposure(
    OutputControls Output,
    RequestRate? CallerRate = null,
    RequestQuota? CallerQuota = null,
    RequestRate? TotalRate = null)
{
    /// <summary>No controls: full answers, no limits. What a deployment has unless it asks for more.</summary>
    public static DeploymentExposure Open { get; } = new(OutputControls.Full);

    /// <summary>True when some per-deployment limit applies.</summary>
    public bool HasLimits => CallerRate is not null || CallerQuota is not null || TotalRate is not null;
}
