using System.Globalization;
using Crucible.DataQuality.Checks;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// <c>validate</c>: runs <c>crucible data check</c>'s checks on the dataset (and a reference, with a label); the
/// step fails when any check fails, listing the failed checks. Outputs: <c>dataset</c> (the local file),
/// <c>rows</c>, <c>passed</c>, <c>warnings</c>, <c>failed</c>.
/// </summary>
public sealed class ValidateStep(IDatasetFiles datasets) : IPipelineStep
{
    public string Type => StepTypes.Validate;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var path = await datasets.LocalPathAsync(settings.RequiredText("dataset"), context.WorkDirectory, cancellationToken).ConfigureAwait(false);
        var reference = settings.Text("reference") is { } r ? await datasets.LocalPathAsync(r, context.WorkDirectory, cancellationToken).ConfigureAwait(false) : null;
        var options = CheckConditions.Apply(
            new CheckOptions { Label = settings.Text("label"), Reference = reference },
            settings.TextMap("conditions").Select(c => $"{c.Key}={c.Value}"));
        var report = await Task.Run(() => DataChecker.Run(path, options), cancellationToken).ConfigureAwait(false);
        foreach (var result in report.Results)
        {
            context.Log.Line($"{result.Status.ToString().ToLowerInvariant(),-4} {result.Check}{(result.Column is null ? string.Empty : $" [{result.Column}]")}: {result.Message}");
        }

        var failed = report.Results.Where(x => x.Status == CheckStatus.Fail).ToList();
        if (failed.Count > 0)
        {
            throw new PipelineStepException(
                $"{failed.Count} data check(s) failed: {string.Join("; ", failed.Take(5).Select(f => f.Check + (f.Column is null ? string.Empty : $" [{f.Column}]") + ": " + f.Message))}");
        }

        return new Dictionary<string, string>
        {
            ["dataset"] = path,
            ["rows"] = report.Profile.RowCount.ToString(CultureInfo.InvariantCulture),
            ["passed"] = report.Results.Count(x => x.Status == CheckStatus.Pass).ToString(CultureInfo.InvariantCulture),
            ["warnings"] = report.Results.Count(x => x.Status == CheckStatus.Warn).ToString(CultureInfo.InvariantCulture),
            ["failed"] = "0",
        };
    }
}
