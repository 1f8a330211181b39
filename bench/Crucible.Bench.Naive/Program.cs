using System.Globalization;
using Crucible.Bench.Naive;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;

// usage: Crucible.Bench.Naive --model PATH [--intra-op-threads N] [--urls http://127.0.0.1:P]
// N = 0 (default) lets ONNX Runtime pick, as a Microsoft.ML.OnnxRuntime SessionOptions does by default.
// Content root = the binaries' folder, so its appsettings.json (the template's logging levels) applies from any cwd.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var modelPath = builder.Configuration["model"] ?? throw new ArgumentException("--model PATH is required");
var intraOp = int.Parse(builder.Configuration["intra-op-threads"] ?? "0", CultureInfo.InvariantCulture);

// Microsoft.ML.OnnxRuntime's SessionOptions defaults: 0 intra-op and 0 inter-op threads (ORT decides), sequential, all optimizations.
using var session = new OnnxSession(File.ReadAllBytes(modelPath), new OnnxSessionOptions { IntraOpThreads = intraOp, InterOpThreads = 0 });
var inputName = session.Inputs[0].Name;
var outputName = session.Outputs[0].Name;

var app = builder.Build();
app.MapGet("/health", () => "OK");
app.MapPost("/v2/models/{name}/infer", (string name, InferRequest request) =>
{
    var input = request.Inputs[0];
    var tensor = OnnxTensor.FromArray(input.Data.ToArray(), input.Shape.ToArray());
    var outputs = session.Run([KeyValuePair.Create(inputName, (OnnxTensor)tensor)]);
    var result = outputs[outputName].AsTensor();
    return new InferResponse
    {
        ModelName = name,
        Id = request.Id,
        Outputs =
        [
            new InferOutput { Name = outputName, Shape = [.. result.Shape], Datatype = "FP32", Data = [.. result.ToArray<float>()] },
        ],
    };
});

app.Run();
