using System.Text.Json;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Evaluation;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Reporting;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible evaluate --tracking-uri URI --model NAME/VERSION</c>: posts the predictions (or the dataset) to the
/// server's evaluations endpoint, which evaluates the registered version and stores the result on its run and tags;
/// prints the same tables as a local evaluation (or the server's answer with <c>--json</c>). Same exit codes.
/// </summary>
internal static partial class EvaluateCommand
{
    private static readonly TimeSpan RemoteTimeout = TimeSpan.FromMinutes(10);

    internal static async Task<int> RunRemoteAsync(EvaluateArgs args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Uri? uri = null;
        try
        {
            var (name, version) = ModelVersion(args.Model);
            uri = TrackingUri(args.TrackingUri!);
            var request = Request(args);
            using var http = new HttpClient { BaseAddress = uri, Timeout = RemoteTimeout };
            using var client = new CrucibleClient(http);
            var answer = await client.EvaluateModelVersionAsync(name, version, request, cancellationToken);
            var result = EvaluationJson.Deserialize(answer.Result.GetRawText())
                ?? throw new CommandFailedException("the server answered without an evaluation result.");
            if (args.Report is not null)
            {
                EvaluationReport.Write(args.Report, result, args.Title ?? $"Evaluation of {name} version {version}");
            }

            if (args.Json)
            {
                await JsonOutput.WriteAsync(output, answer, EvaluationApiJsonContext.Default.EvaluationResponse);
            }
            else
            {
                EvaluationTables.Write(Consoles.For(output), result);
                await output.WriteLineAsync(answer.RunId is null
                    ? $"evaluation {answer.EvaluationId} of {name}/{version}: {answer.Note}"
                    : $"evaluation {answer.EvaluationId} of {name}/{version} stored on run {answer.RunId} as {answer.MetricPrefix}*; artifacts: {string.Join(", ", answer.Artifacts)}");
            }

            return answer.Gate is { Passed: false } ? GateFailed : 0;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Describe(e, uri, cancellationToken) is { } message)
        {
            return await CliErrors.WriteAsync(error, message, BadInput);
        }
    }

    /// <summary>The server's refusals and transport failures as every client command words them; bad local input as its own message.</summary>
    private static string? Describe(Exception e, Uri? server, CancellationToken cancellationToken) =>
        (server is null ? null : ClientErrors.Describe(e, server, cancellationToken))
        ?? (e is ArgumentException or IOException or JsonException ? e.Message : null);

    /// <summary>The request body: the file's text and the flags, as the server's spec reads them.</summary>
    internal static EvaluateVersionRequest Request(EvaluateArgs args)
    {
        if (args.Champion is not null)
        {
            throw new ArgumentException("--champion-predictions is not supported with --tracking-uri; evaluate locally to compare with a champion.");
        }

        var file = args.Predictions ?? args.Dataset ?? throw new ArgumentException("With --tracking-uri, give --predictions FILE (CSV) or --dataset FILE (CSV) for the model to run over.");
        if (args.Predictions is not null && args.Dataset is not null)
        {
            throw new ArgumentException("Give --predictions or --dataset, not both.");
        }

        if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("With --tracking-uri the file must be CSV with a header (JSON Lines is read only locally).");
        }

        var text = File.ReadAllText(file);
        return new EvaluateVersionRequest
        {
            Task = args.Task,
            PredictionsCsv = args.Predictions is null ? null : text,
            DatasetCsv = args.Dataset is null ? null : text,
            LabelColumn = args.LabelColumn,
            PredictionColumn = args.PredictionColumn,
            ScoreColumns = args.ScoreColumns is null ? null : Split(args.ScoreColumns),
            WeightColumn = args.WeightColumn,
            Classes = args.Classes is null ? null : Split(args.Classes),
            SliceBy = args.SliceBy is null ? null : Split(args.SliceBy),
            Sensitive = args.Sensitive,
            MinSliceSize = args.MinSliceSize,
            Gate = args.Gate,
            Bootstrap = args.Bootstrap,
            Seed = args.Seed,
            ConfidenceLevel = args.ConfidenceLevel,
            ExcludeColumns = args.Exclude is null ? null : Split(args.Exclude),
            ScoreOutput = args.ScoreOutput,
            DatasetName = args.DatasetName,
        };
    }

    private static (string Name, string Version) ModelVersion(string? model)
    {
        var slash = model?.LastIndexOf('/') ?? -1;
        if (model is null || slash <= 0 || slash == model.Length - 1 || !model[(slash + 1)..].All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"With --tracking-uri, --model must name a registered version as NAME/VERSION (e.g. churn/3), not '{model}'.");
        }

        return (model[..slash], model[(slash + 1)..]);
    }

    private static Uri TrackingUri(string text)
    {
        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Invalid tracking URI '{text}': expected http://host:port or https://host:port.");
        }

        return uri;
    }
}
