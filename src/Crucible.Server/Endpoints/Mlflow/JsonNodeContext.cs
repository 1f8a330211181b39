using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Crucible.Server.Endpoints.Mlflow;

[JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
