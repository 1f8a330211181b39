using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Security;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible login</c> (stores a token for a server in the credentials file), <c>crucible tokens create|list|revoke</c>
/// and <c>crucible users create|list|delete</c>.
/// </summary>
internal static class AccountsCommand
{
    public static Command Login()
    {
        var options = new ClientOptions();
        var token = new Option<string?>("--token") { Description = "An API token to store (else one is created with --username and a password)." };
        var user = new Option<string?>("--username") { Description = "Create a token by signing in as this user." };
        var passwordEnv = new Option<string?>("--password-env") { Description = "Read the password from this environment variable (default: read a line from standard input)." };
        var file = new Option<string?>("--credentials-file") { Description = $"Where to store it (default {CrucibleCredentials.DefaultFile})." };
        var command = new Command("login", "Store an API token for a server in the credentials file (mode 0600), checked against the server first.") { token, user, passwordEnv, file };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var uri = context.Client.TrackingUri;
            var secret = parse.GetValue(token);
            if (string.IsNullOrEmpty(secret))
            {
                var name = parse.GetValue(user) ?? throw new CommandFailedException("pass --token TOKEN, or --username NAME to create one with a password.");
                var password = parse.GetValue(passwordEnv) is { } variable ? Environment.GetEnvironmentVariable(variable) : await Console.In.ReadLineAsync(context.CancellationToken);
                using var signIn = new CrucibleClient(uri, new CrucibleCredentials { Username = name, Password = password ?? string.Empty });
                secret = (await signIn.CreateTokenAsync(new CreateTokenRequest { Name = $"crucible login on {Environment.MachineName}" }, context.CancellationToken)).Secret;
            }

            using var check = new CrucibleClient(uri, new CrucibleCredentials { Token = secret });
            var who = await check.WhoAmIAsync(context.CancellationToken);
            if (who.AuthEnabled && !who.Authenticated)
            {
                throw new CommandFailedException("the server did not accept the token.");
            }

            var path = parse.GetValue(file) ?? CrucibleCredentials.DefaultFile;
            CredentialsFile.Save(path, uri, secret);
            await context.Output.WriteLineAsync($"Logged in to {uri} as {who.Name} ({who.Role}); token stored in {path}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    public static Command Tokens() => new("tokens", "API tokens: create (the secret is shown once), list, revoke.") { CreateToken(), ListTokens(), RevokeToken() };

    public static Command Users() =>
        new("users", "Users, roles and workspaces (admin only): create, list, delete, set-role, workspaces, create-workspace.")
        {
            CreateUser(), ListUsers(), DeleteUser(), SetRole(), ListWorkspaces(), CreateWorkspace(),
        };

    private static Command CreateToken()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("name") { Description = "What the token is for." };
        var owner = new Option<string?>("--owner") { Description = "A service account or user to create it for (admins; default: you)." };
        var role = new Option<string?>("--role") { Description = "viewer, editor, maintainer or admin; at most the owner's (default: the owner's)." };
        var deployment = new Option<string?>("--serving-deployment") { Description = "Make a serving-only token for this deployment's inference." };
        var days = new Option<int?>("--expires-in-days") { Description = "Expire after this many days (default: never)." };
        var workspace = new Option<string?>("--workspace") { Description = "The one workspace the token acts in (default: default)." };
        var command = new Command("create", "Create a token and print its secret, once. With --json, writes {\"token\": {...}, \"secret\": \"...\"}.") { name, owner, role, deployment, days, workspace };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var created = await context.Client.CreateTokenAsync(
                new CreateTokenRequest { Name = parse.GetValue(name), Owner = parse.GetValue(owner), Role = parse.GetValue(role), ServingDeployment = parse.GetValue(deployment), ExpiresInDays = parse.GetValue(days), Workspace = parse.GetValue(workspace) },
                context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, created, AccountsJsonContext.Default.CreateTokenResponse);
            }
            else
            {
                AccountTables.WriteTokens(context.Console, [created.Token]);
                await context.Output.WriteLineAsync($"Secret (shown once, store it now): {created.Secret}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command ListTokens()
    {
        var options = new ClientOptions();
        var owner = new Option<string?>("--owner") { Description = "Only this principal's tokens (admins)." };
        var command = new Command("list", "List tokens without their secrets. With --json, writes {\"tokens\": [...]}.") { owner };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var tokens = await context.Client.ListTokensAsync(parse.GetValue(owner), context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new TokensResponse(tokens), AccountsJsonContext.Default.TokensResponse);
            }
            else
            {
                AccountTables.WriteTokens(context.Console, tokens);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command RevokeToken()
    {
        var options = new ClientOptions();
        var id = new Argument<string>("id") { Description = "The token's id (from tokens list)." };
        var command = new Command("revoke", "Revoke a token: it stops working at once on this server, within the credential cache period elsewhere.") { id };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var token = await context.Client.RevokeTokenAsync(parse.GetValue(id)!, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new TokenResponse(token), AccountsJsonContext.Default.TokenResponse);
            }
            else
            {
                await context.Output.WriteLineAsync($"Revoked token {token.Id} ({token.Name}, owner {token.Owner}).");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateUser()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("name") { Description = "The user's name." };
        var role = new Option<string?>("--role") { Description = "viewer (default), editor, maintainer or admin in the default workspace." };
        var passwordEnv = new Option<string?>("--password-env") { Description = "Read the password from this environment variable (default: read a line from standard input)." };
        var command = new Command("create", "Create a user. With --json, writes {\"principal\": {...}}.") { name, role, passwordEnv };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var password = parse.GetValue(passwordEnv) is { } variable ? Environment.GetEnvironmentVariable(variable) : await Console.In.ReadLineAsync(context.CancellationToken);
            var user = await context.Client.CreateUserAsync(new CreateUserRequest { Name = parse.GetValue(name), Password = password, Role = parse.GetValue(role) }, context.CancellationToken);
            await WriteUsersAsync(context, [user]);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command ListUsers()
    {
        var options = new ClientOptions();
        var command = new Command("list", "List users and their roles. With --json, writes {\"principals\": [...]}.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            await WriteUsersAsync(context, await context.Client.ListUsersAsync(context.CancellationToken));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command DeleteUser()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("name") { Description = "The user to delete; its tokens are revoked." };
        var command = new Command("delete", "Delete a user and revoke its tokens.") { name };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var user = await context.Client.DeleteUserAsync(parse.GetValue(name)!, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new PrincipalResponse(user), AccountsJsonContext.Default.PrincipalResponse);
            }
            else
            {
                await context.Output.WriteLineAsync($"Deleted user {user.Name}; its tokens are revoked.");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command SetRole()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("name") { Description = "The user or service account." };
        var workspace = new Argument<string>("workspace") { Description = "The workspace (created when it does not exist yet)." };
        var role = new Argument<string>("role") { Description = "viewer, editor, maintainer, admin, or none to remove the binding." };
        var command = new Command("set-role", "Set a principal's role in a workspace. With --json, writes {\"principal\": {...}}.") { name, workspace, role };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var principal = await context.Client.SetRoleAsync(parse.GetValue(name)!, parse.GetValue(workspace)!, parse.GetValue(role)!, context.CancellationToken);
            await WriteUsersAsync(context, [principal]);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command ListWorkspaces()
    {
        var options = new ClientOptions();
        var command = new Command("workspaces", "List the workspaces you hold a role in (admins: all). With --json, writes {\"workspaces\": [...]}.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var workspaces = await context.Client.ListWorkspacesAsync(context.CancellationToken);
            await WriteWorkspacesAsync(context, workspaces);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateWorkspace()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("name") { Description = "The workspace's name." };
        var description = new Option<string?>("--description") { Description = "What the workspace is for." };
        var command = new Command("create-workspace", "Create a workspace. With --json, writes {\"workspaces\": [...]}.") { name, description };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var workspace = await context.Client.CreateWorkspaceAsync(parse.GetValue(name)!, parse.GetValue(description), context.CancellationToken);
            await WriteWorkspacesAsync(context, [workspace]);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task WriteWorkspacesAsync(ClientContext context, IReadOnlyList<WorkspaceDto> workspaces)
    {
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Output, new WorkspacesResponse(workspaces), AccountsJsonContext.Default.WorkspacesResponse);
            return;
        }

        foreach (var workspace in workspaces)
        {
            await context.Output.WriteLineAsync(string.IsNullOrEmpty(workspace.Description) ? workspace.Name : $"{workspace.Name}\t{workspace.Description}");
        }
    }

    private static async Task WriteUsersAsync(ClientContext context, IReadOnlyList<PrincipalDto> users)
    {
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Output, new PrincipalsResponse(users), AccountsJsonContext.Default.PrincipalsResponse);
        }
        else
        {
            AccountTables.WritePrincipals(context.Console, users);
        }
    }
}
