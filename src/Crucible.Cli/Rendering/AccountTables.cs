using Crucible.Contracts.Security;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Tables of users and API tokens (never a secret: the server does not return one outside token creation).</summary>
internal static class AccountTables
{
    public static void WriteTokens(IAnsiConsole console, IReadOnlyList<TokenDto> tokens)
    {
        var table = Tables.Create("ID", "Name", "Owner", "Role", "Workspace", "Deployment", "Created", "Expires", "Last used", "Revoked").NoWrap(0);
        foreach (var t in tokens)
        {
            table.AddRow(Tables.Cells(t.Id, t.Name, t.Owner, t.Role, t.Workspace, t.ServingDeployment, Formats.Time(t.CreationTimestamp), Formats.Time(t.ExpiryTimestamp), Formats.Time(t.LastUsedTimestamp), Formats.Time(t.RevokedTimestamp)));
        }

        console.Write(table);
        console.WriteLine(Tables.Count(tokens.Count, "token"));
    }

    public static void WritePrincipals(IAnsiConsole console, IReadOnlyList<PrincipalDto> principals)
    {
        var table = Tables.Create("Name", "Kind", "Roles", "Created by", "Created");
        foreach (var p in principals)
        {
            table.AddRow(Tables.Cells(p.Name, p.Kind, string.Join(", ", p.Roles.Select(r => $"{r.Workspace}: {r.Role}")), p.CreatedBy, Formats.Time(p.CreationTimestamp)));
        }

        console.Write(table);
        console.WriteLine(Tables.Count(principals.Count, "user"));
    }
}
