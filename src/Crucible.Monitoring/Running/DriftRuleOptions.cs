using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Monitoring.Drift;

namespace Crucible.Monitoring.Running;

/// <summary>The drift settings of a monitor.</summary>
public static class DriftRuleOptions
{
    /// <summary>The drift settings of <paramref name="spec"/>; an unknown test name is an invalid parameter.</summary>
    public static DriftOptions Of(MonitorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = new DriftOptions { Test = spec.StatTest, Threshold = spec.Threshold, DriftShare = spec.DriftShare };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw CrucibleException.Invalid($"Invalid drift rule: {e.Message}");
        }

        return options;
    }
}
