namespace Crucible.Core.Security;

/// <summary>
/// What a caller may do in a workspace, each role including the ones below it: viewers read, editors create and
/// change runs, models, datasets and evaluations, maintainers move aliases and routes, deploy and delete, admins
/// manage accounts, tokens and privileged features (pipeline command steps).
/// </summary>
public enum Role
{
    None = 0,
    Viewer = 1,
    Editor = 2,
    Maintainer = 3,
    Admin = 4,
}
