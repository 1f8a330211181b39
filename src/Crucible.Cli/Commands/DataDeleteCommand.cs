using System.CommandLine;
using System.Globalization;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Datasets;
using Crucible.Core.Datasets;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible data delete NAME[@VERSION]</c>: deletes one version or a whole dataset on the server, records and files.
/// The server refuses (exit 1) while another version names one of them as a parent.
/// </summary>
internal static class DataDeleteCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var target = new Argument<string>("NAME[@VERSION]") { Description = "A dataset (every version) or one version of it." };
        var command = options.Add(new Command("delete", "Delete a registered dataset version, or a dataset with all its versions, and their files.") { target });
        options.SetAction(command, async (parse, context) =>
        {
            var text = parse.GetValue(target)!;
            DeleteDatasetResponse response;
            if (text.Contains('@', StringComparison.Ordinal))
            {
                var version = DataRegisterCommand.Checked(() => DatasetLimits.Reference(text));
                response = await context.Client.DeleteDatasetVersionAsync(version.Name, version.Version, context.CancellationToken);
            }
            else
            {
                response = await context.Client.DeleteDatasetAsync(DataRegisterCommand.Checked(() => DatasetLimits.Name(text)), context.CancellationToken);
            }

            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, response, DatasetsJsonContext.Default.DeleteDatasetResponse);
                return 0;
            }

            var versions = string.Join(", ", response.DeletedVersions.Select(n => n.ToString(CultureInfo.InvariantCulture)));
            await context.Output.WriteLineAsync($"Deleted '{response.Name}' version{(response.DeletedVersions.Count == 1 ? string.Empty : "s")} {versions}.");
            return 0;
        });
        return command;
    }
}
