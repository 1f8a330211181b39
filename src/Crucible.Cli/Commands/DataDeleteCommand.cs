using System.CommandLine;
using System.Globalization;
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
        var options = new ModelsOptions();
        var target = new Argument<string>("NAME[@VERSION]") { Description = "A dataset (every version) or one version of it." };
        var command = options.Add(new Command("delete", "Delete a registered dataset version, or a dataset with all its versions, and their files.") { target });
        options.SetAction(command, async (parse, http) =>
        {
            var text = parse.GetValue(target)!;
            string path;
            if (text.Contains('@', StringComparison.Ordinal))
            {
                var version = DataRegisterCommand.Checked(() => DatasetLimits.Reference(text));
                path = $"datasets/{ModelsHttp.Query(version.Name)}/versions/{version.Version}";
            }
            else
            {
                path = $"datasets/{ModelsHttp.Query(DataRegisterCommand.Checked(() => DatasetLimits.Name(text)))}";
            }

            var body = await http.SendAsync(HttpMethod.Delete, ModelsHttp.Native + path, null);
            var response = System.Text.Json.JsonSerializer.Deserialize(body, DatasetsJsonContext.Default.DeleteDatasetResponse)
                ?? throw new ModelsCommandException("the server answered an empty body.");
            if (http.Json)
            {
                await http.WriteJsonAsync(response, DatasetsJsonContext.Default.DeleteDatasetResponse);
                return 0;
            }

            var versions = string.Join(", ", response.DeletedVersions.Select(n => n.ToString(CultureInfo.InvariantCulture)));
            await http.Output.WriteLineAsync($"Deleted '{response.Name}' version{(response.DeletedVersions.Count == 1 ? string.Empty : "s")} {versions}.");
            return 0;
        });
        return command;
    }
}
