using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.DataQuality.Redaction;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible data redact FILE --out OUT [--mask ..] [--hash ..] [--drop ..] [--salt S]</c>.</summary>
internal static class DataRedactCommand
{
    public static Command Create()
    {
        var file = DataCommand.FileArgument();
        var output = new Option<string>("--out") { Description = "The redacted CSV to write; OUT.provenance.json records what was done.", Required = true };
        var mask = new Option<string?>("--mask") { Description = "Comma-separated columns whose letters and digits become '*'." };
        var hash = new Option<string?>("--hash") { Description = "Comma-separated columns replaced by HMAC-SHA-256 with the salt (joinable, not reversible)." };
        var drop = new Option<string?>("--drop") { Description = "Comma-separated columns to remove." };
        var salt = new Option<string?>("--salt") { Description = "Secret salt for --hash (required with it; never written out)." };
        var command = new Command("redact", "Write a copy of a dataset with PII columns masked, hashed or dropped.") { file, output, mask, hash, drop, salt };
        command.SetAction(parse => DataCommand.Guarded(() =>
        {
            var plan = new RedactionPlan
            {
                Mask = List(parse.GetValue(mask)),
                Hash = List(parse.GetValue(hash)),
                Drop = List(parse.GetValue(drop)),
                Salt = parse.GetValue(salt),
            };
            if (plan.Mask.Count + plan.Hash.Count + plan.Drop.Count == 0)
            {
                Console.Error.WriteLine("error: name at least one column with --mask, --hash or --drop.");
                return DataCommand.BadInput;
            }

            string path = parse.GetValue(file)!;
            string target = parse.GetValue(output)!;
            RedactionProvenance provenance = DataOutput.WithProgress("Redacting", progress => Redactor.Redact(path, target, plan with { Progress = progress }));
            string done = string.Join("; ", provenance.Columns.GroupBy(c => c.Action).Select(g => $"{Verb(g.Key)} {string.Join(", ", g.Select(c => c.Column))}"));
            Console.Out.WriteLine($"Wrote {target} ({provenance.Rows} rows, sha256 {provenance.OutputSha256}): {done}. Provenance: {target}{Redactor.ProvenanceSuffix}");
            return 0;
        }));
        return command;
    }

    private static string[] List(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Verb(RedactionAction action) => action switch
    {
        RedactionAction.Mask => "masked",
        RedactionAction.Hash => "hashed",
        _ => "dropped",
    };
}
