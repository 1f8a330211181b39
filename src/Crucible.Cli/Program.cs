using Crucible.Cli.Commands;

return await CrucibleCommand.Create().Parse(args).InvokeAsync();
