namespace Crucible.Cli.Rendering;

/// <summary>
/// A client command could not do its work for a reason found on this side (a missing local file, a checksum that does
/// not match, a deployment that never became ready); <see cref="Commands.ClientOptions"/> writes it by the
/// <see cref="CliErrors"/> rule with <see cref="CliErrors.Failed"/>. The server's refusals are
/// <see cref="Client.CrucibleApiException"/>s instead.
/// </summary>
internal sealed class CommandFailedException(string message) : Exception(message);
