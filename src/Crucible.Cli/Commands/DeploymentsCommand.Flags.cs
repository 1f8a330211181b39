using System.CommandLine;

namespace Crucible.Cli.Commands;

/// <summary>The flags <c>create</c> and <c>update</c> share: routes, shadow, batching and description.</summary>
internal sealed class RouteFlags
{
    public Option<string[]> Model { get; } = new(DeploymentArguments.ModelFlag)
    {
        Description = "A model to route to, MODEL@ALIAS or MODEL/VERSION; repeat for a traffic split.",
        HelpName = "REF",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<int[]> Weight { get; } = new(DeploymentArguments.WeightFlag)
    {
        Description = $"The traffic weight of the --model just before it (default {DeploymentArguments.DefaultWeight}); shares are weight / sum of weights.",
        HelpName = "N",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Shadow { get; } = new("--shadow")
    {
        Description = "A model (MODEL@ALIAS or MODEL/VERSION) that gets a copy of every request; its answers are logged, never returned.",
        HelpName = "REF",
    };

    public Option<int?> MaxBatchSize { get; } = new("--max-batch-size") { Description = "Merge concurrent requests into batches of up to this many rows (1 = off).", HelpName = "N" };

    public Option<double?> MaxDelayMs { get; } = new("--max-delay-ms") { Description = "How long a request may wait for others to fill a batch, in milliseconds.", HelpName = "MS" };

    public Option<string?> Description { get; } = new("--description") { Description = "What the deployment is for.", HelpName = "TEXT" };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Weight);
        command.Options.Add(Shadow);
        command.Options.Add(MaxBatchSize);
        command.Options.Add(MaxDelayMs);
        command.Options.Add(Description);
    }

    /// <summary>
    /// The changes these flags ask for; throws <see cref="DeploymentUsageException"/> for misplaced weights and for
    /// references that are neither <c>MODEL@ALIAS</c> nor <c>MODEL/VERSION</c>, before anything is sent.
    /// </summary>
    public DeploymentChanges Read(ParseResult parse)
    {
        var routes = DeploymentArguments.PairRoutes(DeploymentArguments.Occurrences(parse, Model, Weight));
        foreach (var route in routes ?? [])
        {
            DeploymentArguments.ParseReference(DeploymentArguments.ModelFlag, route.Reference);
        }

        var shadow = parse.GetValue(Shadow);
        if (shadow is not null)
        {
            DeploymentArguments.ParseReference("--shadow", shadow);
        }

        return new DeploymentChanges
        {
            Routes = routes,
            Shadow = shadow,
            MaxBatchSize = parse.GetValue(MaxBatchSize),
            MaxDelayMs = parse.GetValue(MaxDelayMs),
            Description = parse.GetValue(Description),
        };
    }
}
