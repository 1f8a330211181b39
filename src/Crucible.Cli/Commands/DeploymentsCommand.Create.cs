using System.CommandLine;
using Crucible.Cli.Rendering;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible deployments create</c>.</summary>
internal static partial class DeploymentsCommand
{
    private static Command CreateDeployment()
    {
        var options = new ClientOptions();
        var name = NameArgument();
        var flags = new RouteFlags();
        var noCapture = new Option<bool>("--no-capture") { Description = "Do not log this deployment's predictions (they are logged by default)." };
        var command = new Command(
            "create",
            "Create a deployment: --model MODEL@ALIAS|MODEL/VERSION [--weight N], repeated for a traffic split (each --weight belongs to the --model before it; default 100). With --json, writes {\"deployment\": {...}}.")
        {
            name,
        };
        flags.AddTo(command);
        command.Options.Add(noCapture);
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse,
            options,
            () => DeploymentArguments.ForCreate(parse.GetValue(name)!, flags.Read(parse) with { Capture = parse.GetValue(noCapture) ? false : null }),
            async (context, request) =>
            {
                var created = await context.Client.CreateDeploymentAsync(request, context.CancellationToken);
                await WriteAsync(context, created, $"Created deployment '{created.Name}' (revision {created.Revision}): {DeploymentFormats.Routes(created.Routes)}.");
                return 0;
            },
            cancellationToken));
        return command;
    }
}
