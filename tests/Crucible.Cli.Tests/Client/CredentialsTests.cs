using Crucible.Client;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Client;

/// <summary>Where clients find credentials, in order, and the credentials file's format and mode.</summary>
public sealed class CredentialsTests : IDisposable
{
    private static readonly Uri Local = new("http://127.0.0.1:5000");
    private static readonly Uri Remote = new("https://mlflow.example.com/");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Explicit_then_crucible_token_then_mlflow_token_then_mlflow_user_then_file_then_the_local_admin_token()
    {
        var env = new Dictionary<string, string?>
        {
            ["CRUCIBLE_TOKEN"] = "crc_env", ["MLFLOW_TRACKING_TOKEN"] = "mlflow-token", ["MLFLOW_TRACKING_USERNAME"] = "ann", ["MLFLOW_TRACKING_PASSWORD"] = "pw",
        };
        var file = _dir.File("credentials");
        CredentialsFile.Save(file, Local, "crc_file");
        Directory.CreateDirectory(_dir.File("crucible-data"));
        File.WriteAllText(_dir.File("crucible-data/admin.token"), "crc_admin\n");
        CrucibleCredentials? Resolve(Uri server, CrucibleCredentials? explicitOne = null) =>
            CrucibleCredentials.Resolve(server, explicitOne, name => env.GetValueOrDefault(name), file, _dir.Path);

        Assert.Equal("opt", Resolve(Local, new CrucibleCredentials { Token = "opt" })!.Token);
        Assert.Equal("crc_env", Resolve(Local)!.Token);
        env["CRUCIBLE_TOKEN"] = null;
        Assert.Equal(("Bearer", "mlflow-token"), (Resolve(Local)!.ToHeader()!.Scheme, Resolve(Local)!.ToHeader()!.Parameter));
        env["MLFLOW_TRACKING_TOKEN"] = null;
        var basic = Resolve(Local)!.ToHeader()!;
        Assert.Equal(("Basic", "ann:pw"), (basic.Scheme, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(basic.Parameter!))));
        env["MLFLOW_TRACKING_USERNAME"] = null;
        Assert.Equal(("crc_file", file), (Resolve(Local)!.Token, Resolve(Local)!.Source));
        File.Delete(file);
        Assert.Equal("crc_admin", Resolve(Local)!.Token);
        Assert.Null(Resolve(Remote));
    }

    [Fact]
    public void The_credentials_file_keeps_one_token_per_server_and_only_its_owner_can_read_it()
    {
        var file = _dir.File("sub/credentials");
        CredentialsFile.Save(file, Local, "crc_one");
        CredentialsFile.Save(file, Remote, "crc_two");
        CredentialsFile.Save(file, new Uri("http://127.0.0.1:5000/"), "crc_three");

        var stored = CredentialsFile.Read(file);
        Assert.Equal(["http://127.0.0.1:5000/", "https://mlflow.example.com/"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("crc_three", stored["http://127.0.0.1:5000/"].Token);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }
}
