using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Hosting;

namespace Crucible.Server.Tests.Security;

/// <summary>Secure by default: auth on, an admin and its token file (0600) at first start only, <c>--no-auth</c> only on loopback.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task First_start_writes_an_admin_token_file_only_its_owner_can_read_and_a_restart_does_not_write_it_again()
    {
        var dir = new Crucible.TestSupport.TempDirectory();
        try
        {
            string token;
            await using (var first = await AuthServer.StartAsync(reuse: dir))
            {
                token = first.AdminToken;
                Assert.True(TokenSecrets.LooksLikeToken(token), "the file holds one crc_ token");
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.TokenFile));
                }

                var (status, body, _) = await first.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(token));
                Assert.Equal(200, status);
                Assert.Equal(("admin", "admin", true), (body!["name"]!.GetValue<string>(), body["role"]!.GetValue<string>(), body["authenticated"]!.GetValue<bool>()));
                Assert.Equal(["admin"], (await first.Identities.ListPrincipalsAsync(PrincipalKind.User, CancellationToken.None)).Select(p => p.Name));
            }

            File.Delete(dir.File("admin.token"));
            await using (var second = await AuthServer.StartAsync(reuse: dir))
            {
                Assert.False(File.Exists(second.TokenFile), "a restart with a user already there writes no new token");
                var (status, _, _) = await second.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(token));
                Assert.Equal(200, status);
                Assert.Single(await second.Identities.ListTokensAsync("admin", CancellationToken.None));
            }
        }
        finally
        {
            dir.Dispose();
        }
    }

    [Fact]
    public async Task Auth_off_sets_no_caller_and_writes_no_token_file()
    {
        await using var server = await AuthServer.StartAsync(o => o with { Auth = o.Auth with { Enabled = false } });
        Assert.False(File.Exists(server.TokenFile));
        var (status, body, _) = await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami");
        Assert.Equal(200, status);
        Assert.Equal(("local", "system", "admin", false), (body!["name"]!.GetValue<string>(), body["kind"]!.GetValue<string>(), body["role"]!.GetValue<string>(), body["auth_enabled"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.20")]
    public async Task No_auth_is_refused_on_an_address_other_machines_can_reach(string host)
    {
        var options = new ServerOptions { Host = host, Auth = new AuthOptions { Enabled = false } };
        Assert.Contains(options.Problems(), p => p.Contains("--no-auth", StringComparison.Ordinal) && p.Contains(host, StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<CrucibleException>(() => CrucibleServer.CreateAsync(options));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Empty((options with { Auth = new AuthOptions() }).Problems());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void No_auth_is_accepted_on_loopback(string host) =>
        Assert.Empty(new ServerOptions { Host = host, Auth = new AuthOptions { Enabled = false } }.Problems());
}
