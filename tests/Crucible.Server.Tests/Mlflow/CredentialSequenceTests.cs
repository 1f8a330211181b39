namespace Crucible.Server.Tests.Mlflow;

// The MLflow Python client's call sequences replayed once more with authentication on, sending credentials as the
// client does: MLFLOW_TRACKING_USERNAME/PASSWORD become HTTP Basic, MLFLOW_TRACKING_TOKEN a Bearer token.

public sealed class PythonClientSequenceWithBasicTests : PythonClientSequenceTests
{
    protected override FixtureCredentials Credentials => FixtureCredentials.Basic;
}

public sealed class PythonClientSequenceWithBearerTests : PythonClientSequenceTests
{
    protected override FixtureCredentials Credentials => FixtureCredentials.Bearer;
}

public sealed class LoggedModelSequenceWithBasicTests : LoggedModelSequenceTests
{
    protected override FixtureCredentials Credentials => FixtureCredentials.Basic;
}

public sealed class LoggedModelSequenceWithBearerTests : LoggedModelSequenceTests
{
    protected override FixtureCredentials Credentials => FixtureCredentials.Bearer;
}
