using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Serving;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible deployments create</c>. The server stores the deployment and loads its routes before it answers; when a
/// route cannot be served (state <c>failed</c>, or still not <c>ready</c> after <see cref="ReadyWait"/>) the command
/// says why on stderr and exits <see cref="CliErrors.Failed"/>, though the deployment exists and can be fixed with
/// <c>update</c> or removed with <c>delete</c>.
/// </summary>
internal static partial class DeploymentsCommand
{
    private static Command CreateDeployment()
    {
        var options = new ClientOptions();
        var name = NameArgument();
        var flags = new RouteFlags();
        var exposure = new ExposureFlagSet();
        var noCapture = new Option<bool>("--no-capture") { Description = "Do not log this deployment's predictions (they are logged by default)." };
        var command = new Command(
            "create",
            "Create a deployment: --model MODEL@ALIAS|MODEL/VERSION [--weight N], repeated for a traffic split (each --weight belongs to the --model before it; default 100). With --json, writes {\"deployment\": {...}}.")
        {
            name,
        };
        flags.AddTo(command);
        exposure.AddTo(command);
        command.Options.Add(noCapture);
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse,
            options,
            () => DeploymentArguments.ForCreate(parse.GetValue(name)!, flags.Read(parse) with { Capture = parse.GetValue(noCapture) ? false : null, Exposure = exposure.Read(parse) }),
            async (context, request) =>
            {
                var created = await context.Client.CreateDeploymentAsync(request, context.CancellationToken);
                created = await SettledAsync(context, created);
                if (NotServing(created) is { } problem)
                {
                    await WriteAsync(context, created, $"Created deployment '{created.Name}' (revision {created.Revision}), but it cannot serve: {DeploymentFormats.Routes(created.Routes)}.");
                    return await CliErrors.WriteAsync(
                        parse.InvocationConfiguration.Error,
                        $"deployment '{created.Name}' was created but cannot serve: {problem}. Fix it with `crucible deployments update {created.Name} --model ...` or remove it with `crucible deployments delete {created.Name}`.",
                        CliErrors.Failed);
                }

                await WriteAsync(context, created, $"Created deployment '{created.Name}' (revision {created.Revision}): {DeploymentFormats.Routes(created.Routes)}.");
                return 0;
            },
            cancellationToken));
        return command;
    }

    /// <summary>How long <c>create</c> waits for routes the answering server reported as <c>loading</c>.</summary>
    internal static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(10);

    /// <summary>The deployment once no route is <c>loading</c> any more, or as it is after <see cref="ReadyWait"/>.</summary>
    private static async Task<DeploymentDto> SettledAsync(ClientContext context, DeploymentDto deployment)
    {
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(200);
        while (deployment.Status is { } status && status.Any(s => s.State == "loading") && waited < ReadyWait)
        {
            await Task.Delay(step, context.CancellationToken);
            waited += step;
            deployment = await context.Client.GetDeploymentAsync(deployment.Name, context.CancellationToken);
        }

        return deployment;
    }

    /// <summary>Why the deployment cannot serve (each route that is not <c>ready</c>, with the server's reason), or null when every route is ready.</summary>
    internal static string? NotServing(DeploymentDto deployment)
    {
        var problems = (deployment.Status ?? [])
            .Where(s => s.State != "ready")
            .Select(s => $"{(s.Shadow == true ? "shadow " : string.Empty)}{DeploymentFormats.Reference(s.Model, s.Version, s.Alias)} is {s.State}"
                + (s.Error is { Length: > 0 } error ? $" ({error.ReplaceLineEndings(" ").Trim()})" : s.State == "loading" ? $" after {ReadyWait.TotalSeconds:0} s" : string.Empty))
            .ToList();
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
