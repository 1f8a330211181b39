using System.CommandLine;
using Crucible.Cli.Rendering;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible card MODEL/VERSION</c>: the version's model card, assembled by the server from its records and the
/// written <c>crucible.card.*</c> tags, each section mapped to NIST AI RMF categories, gaps listed. Markdown by default;
/// <c>--format html|json</c> (or <c>--json</c>); <c>--out FILE</c> writes it to a file.
/// </summary>
internal static class CardCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var model = new Argument<string>("model") { Description = "The registered version, as NAME/VERSION (e.g. churn/2)." };
        var format = new Option<string>("--format") { Description = "md (default), html or json.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html", "json");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the card to this file instead of stdout." };
        var command = new Command("card", "Show a model version's card: its evidence mapped to NIST AI RMF functions, and its gaps.") { model, format, output };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var text = parse.GetValue(model)!;
            var slash = text.LastIndexOf('/');
            if (slash <= 0 || slash == text.Length - 1)
            {
                return CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"name the version as NAME/VERSION (e.g. churn/2), not '{text}'.", CliErrors.Usage);
            }

            return options.RunAsync(parse, async context =>
            {
                var chosen = context.Json ? "json" : parse.GetValue(format)!;
                var card = await context.Client.GetModelCardTextAsync(text[..slash], text[(slash + 1)..], chosen, context.CancellationToken);
                if (parse.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, card, context.CancellationToken);
                    await context.Output.WriteLineAsync($"wrote the card of {text} to {file.FullName}");
                }
                else
                {
                    await context.Output.WriteAsync(card);
                }

                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
