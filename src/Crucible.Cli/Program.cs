using Crucible.Cli.Commands;

return await CrucibleCommand.InvokeAsync(args);
