using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Core.Errors;
using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Profiles;
using Crucible.Stats.Profiles;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible profile FILE [--out profile.bin] [--json]</c>: streams a CSV / JSON Lines / Parquet file (or
/// reads a profile blob) into a mergeable profile, optionally writes the blob, prints a summary.
/// Exit code 0, or 2 for bad input.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A CSV (header row), JSON Lines or Parquet file, or a profile blob." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the binary profile here (mergeable, for `crucible drift` and monitoring)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command("profile", "Profile a dataset into mergeable sketches (counts, moments, KLL quantiles, distinct counts, frequent items).")
        {
            file, output, json,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output), parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The command body, with its writers injected for tests.</summary>
    internal static int Run(string path, string? outPath, bool json, TextWriter output, TextWriter error)
    {
        try
        {
            DatasetProfile profile = FileDrift.LoadProfile(path);
            if (!string.IsNullOrEmpty(outPath))
            {
                File.WriteAllBytes(outPath, profile.ToBytes());
            }

            ProfileSummary summary = ProfileSummary.Of(profile);
            if (json)
            {
                output.WriteLine(summary.ToJson());
            }
            else
            {
                ProfileTables.Write(Consoles.For(output), summary, outPath);
            }

            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or CrucibleException)
        {
            return CliErrors.Write(error, e.Message, DriftCommand.BadInput);
        }
    }
}
