using System.CommandLine;
using System.Net;
using Crucible.Cli.Rendering;
using Crucible.Client;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible deployments update</c>: reads the deployment, applies the flags, and writes it back only if nobody
/// changed it in between (<c>expected_revision</c>), so a concurrent edit is refused rather than overwritten.
/// </summary>
internal static partial class DeploymentsCommand
{
    private static Command Update()
    {
        var options = new ClientOptions();
        var name = NameArgument();
        var flags = new RouteFlags();
        var exposure = new ExposureFlagSet();
        var noShadow = new Option<bool>("--no-shadow") { Description = "Stop mirroring traffic to the shadow model." };
        var capture = new Option<bool>("--capture") { Description = "Log this deployment's predictions." };
        var noCapture = new Option<bool>("--no-capture") { Description = "Stop logging this deployment's predictions." };
        var command = new Command(
            "update",
            "Change a deployment: --model [--weight] pairs replace all routes; --shadow, --no-shadow, batching, --description (\"\" clears it), --capture/--no-capture and the output controls and limits (--output-mode, --decimals, --top-k, --rate-limit, --total-rate-limit, --quota; off clears one) change only themselves. Refused if the deployment changed since it was read. With --json, writes {\"deployment\": {...}}.")
        {
            name,
        };
        flags.AddTo(command);
        exposure.AddTo(command);
        command.Options.Add(noShadow);
        command.Options.Add(capture);
        command.Options.Add(noCapture);
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse,
            options,
            () =>
            {
                var changes = flags.Read(parse);
                if (changes.Shadow is not null && parse.GetValue(noShadow))
                {
                    throw new DeploymentUsageException("Give --shadow or --no-shadow, not both.");
                }

                if (parse.GetValue(capture) && parse.GetValue(noCapture))
                {
                    throw new DeploymentUsageException("Give --capture or --no-capture, not both.");
                }

                return DeploymentArguments.RequireChanges(changes with
                {
                    RemoveShadow = parse.GetValue(noShadow),
                    Capture = parse.GetValue(capture) ? true : parse.GetValue(noCapture) ? false : null,
                    Exposure = exposure.Read(parse),
                });
            },
            async (context, changes) =>
            {
                var deploymentName = parse.GetValue(name)!;
                var current = await context.Client.GetDeploymentAsync(deploymentName, context.CancellationToken);
                var request = DeploymentArguments.ForUpdate(current, changes);
                try
                {
                    var updated = await context.Client.UpdateDeploymentAsync(deploymentName, request, context.CancellationToken);
                    await WriteAsync(context, updated, $"Updated deployment '{updated.Name}' to revision {updated.Revision}: {DeploymentFormats.Routes(updated.Routes)}.");
                    return 0;
                }
                catch (CrucibleApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
                {
                    return await CliErrors.WriteAsync(
                        parse.InvocationConfiguration.Error,
                        $"deployment '{deploymentName}' was changed by someone else after this command read it at revision {current.Revision}; "
                        + $"nothing was changed. Check it with `crucible deployments show {deploymentName}` and run the update again. ({e.ErrorCode}, HTTP 409)",
                        CliErrors.Failed);
                }
            },
            cancellationToken));
        return command;
    }
}
