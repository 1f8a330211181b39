namespace Crucible.Server.Endpoints.Contract;

/// <summary>
/// Route metadata for the document: a GET reads this request message from the query string, one parameter per field
/// (<see cref="Mlflow.MlflowRequest"/>: repeated keys make a list). <see cref="Hosting.ApiContract"/> lists the fields.
/// </summary>
internal sealed record QueryMessage(Type Type);
