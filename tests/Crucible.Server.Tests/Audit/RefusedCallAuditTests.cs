using System.Text;
using Crucible.Core.Audit;
using Crucible.Server.Audit;
using Crucible.Server.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Audit;

/// <summary>
/// With auth on, a refused mutation's audit row names the route values and body ids it tried to touch, as an
/// accepted one's does: refused for no credentials (401), for bad credentials (401), for the role (403), and for a
/// cross-site body type (a form post) — never a password from the body.
/// </summary>
public sealed class RefusedCallAuditTests
{
    [Fact]
    public async Task A_refused_call_names_the_route_values_and_body_ids_like_an_accepted_one()
    {
        await using var server = await AuthServer.StartAsync();
        await server.CreateUserAsync("vic", "vic-right-password", "viewer");
        var head = await HeadAsync(server);

        var (anonymous, _, _) = await server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", null, """{"name":"stolen","password":"p4ss"}""");
        var (badPassword, _, _) = await server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/create", AuthServer.Basic("vic", "wrong-password"), """{"experiment_id":"7","run_name":"x"}""");
        var (viewer, _, _) = await server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", AuthServer.Basic("vic", "vic-right-password"), """{"name":"churn","alias":"production","version":"3"}""");
        var (viewerDelete, _, _) = await server.SendAsync(HttpMethod.Delete, "/api/crucible/v1/deployments/churn", AuthServer.Basic("vic", "vic-right-password"));
        using var form = new HttpRequestMessage(HttpMethod.Post, "/api/2.0/mlflow/experiments/delete")
        {
            Content = new StringContent("experiment_id=0&password=p4ss", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        form.Headers.Authorization = AuthServer.Bearer(server.AdminToken);
        using var formResponse = await server.Http.SendAsync(form);

        var rows = await RowsAfterAsync(server, head);
        Assert.Equal((401, 401, 403, 403, 400), (anonymous, badPassword, viewer, viewerDelete, (int)formResponse.StatusCode));
        Assert.Equal(
            [
                """POST /api/2.0/mlflow/experiments/create 401 {"name":"stolen"}""",
                """POST /api/2.0/mlflow/runs/create 401 {"experiment_id":"7","username":"vic"}""",
                """POST /api/2.0/mlflow/registered-models/alias 403 {"name":"churn","alias":"production","version":"3"}""",
                """DELETE /api/crucible/v1/deployments/{name} 403 {"name":"churn"}""",
                """POST /api/2.0/mlflow/experiments/delete 400 {"experiment_id":"0"}""",
            ],
            rows.Select(r => $"{r.Action} {r.Outcome} {r.Target}"));
        Assert.Equal(["anonymous", "anonymous", "vic", "vic", "admin"], rows.Select(r => r.Actor));
    }

    private static async Task<long> HeadAsync(AuthServer server)
    {
        await server.App.Services.GetRequiredService<AuditWriter>().FlushAsync();
        return (await server.App.Services.GetRequiredService<IAuditStore>().HeadAsync()).Sequence;
    }

    private static async Task<IReadOnlyList<AuditEntry>> RowsAfterAsync(AuthServer server, long after)
    {
        await server.App.Services.GetRequiredService<AuditWriter>().FlushAsync();
        return await server.App.Services.GetRequiredService<IAuditStore>().ListAsync(new AuditQuery { AfterSequence = after, MaxResults = AuditQuery.MaxPage });
    }
}
