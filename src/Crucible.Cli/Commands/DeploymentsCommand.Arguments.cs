using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Crucible.Contracts.Serving;
using Crucible.Core.Errors;
using Crucible.Core.Serving;

namespace Crucible.Cli.Commands;

/// <summary>Bad input to a <c>crucible deployments</c> command, found before (or instead of) a request: exit code 2.</summary>
internal sealed class DeploymentUsageException(string message) : Exception(message);

/// <summary>One <c>--model</c> as typed, with the <c>--weight</c> that followed it (null: the default).</summary>
internal sealed record RouteArgument(string Reference, int? Weight);

/// <summary>
/// What a create or update asks to change; null (or false) leaves a field as it is. <see cref="Routes"/> replaces
/// every route; an empty <see cref="Description"/> clears the description.
/// </summary>
internal sealed record DeploymentChanges
{
    public IReadOnlyList<RouteArgument>? Routes { get; init; }

    public string? Shadow { get; init; }

    public bool RemoveShadow { get; init; }

    public int? MaxBatchSize { get; init; }

    public double? MaxDelayMs { get; init; }

    public string? Description { get; init; }

    public bool? Capture { get; init; }

    /// <summary>Output controls and limits to change (issue 15, item 7).</summary>
    public ExposureChanges? Exposure { get; init; }

    public bool IsEmpty => Routes is null && Shadow is null && !RemoveShadow && MaxBatchSize is null && MaxDelayMs is null && Description is null && Capture is null
        && Exposure is null or { IsEmpty: true };
}

/// <summary>
/// The pure part of <c>crucible deployments create|update</c>: pairing <c>--model</c> with <c>--weight</c>, parsing
/// references, and merging changes into a request checked by <see cref="DeploymentLimits"/> before it is sent.
/// </summary>
internal static class DeploymentArguments
{
    public const string ModelFlag = "--model";
    public const string WeightFlag = "--weight";
    public const int DefaultWeight = 100;

    /// <summary>The <c>--model</c> and <c>--weight</c> flags in the order they were typed.</summary>
    public static IReadOnlyList<(string Flag, string Value)> Occurrences(ParseResult parse, Option model, Option weight)
    {
        var occurrences = new List<(string, string)>();
        var tokens = parse.Tokens;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var flag = Names(model, tokens[i]) ? ModelFlag : Names(weight, tokens[i]) ? WeightFlag : null;
            if (flag is not null && tokens[i + 1].Type == TokenType.Argument)
            {
                occurrences.Add((flag, tokens[i + 1].Value));
                i++;
            }
        }

        return occurrences;
    }

    private static bool Names(Option option, Token token) =>
        token.Type == TokenType.Option && (token.Value == option.Name || option.Aliases.Contains(token.Value));

    /// <summary>
    /// Pairs each <c>--weight</c> with the <c>--model</c> just before it; a model without one gets the default weight.
    /// Null when no <c>--model</c> was given (the routes stay as they are).
    /// </summary>
    public static IReadOnlyList<RouteArgument>? PairRoutes(IEnumerable<(string Flag, string Value)> occurrences)
    {
        var routes = new List<RouteArgument>();
        foreach (var (flag, value) in occurrences)
        {
            if (flag == ModelFlag)
            {
                routes.Add(new RouteArgument(value, null));
                continue;
            }

            if (routes.Count == 0)
            {
                throw new DeploymentUsageException($"--weight {value} comes before any --model: write each --weight right after the --model it belongs to.");
            }

            if (routes[^1].Weight is not null)
            {
                throw new DeploymentUsageException($"--model {routes[^1].Reference} has two weights ({routes[^1].Weight} and {value}): give one --weight per --model.");
            }

            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var weight))
            {
                throw new DeploymentUsageException($"--weight {value} is not a whole number.");
            }

            routes[^1] = routes[^1] with { Weight = weight };
        }

        return routes.Count == 0 ? null : routes;
    }

    /// <summary>Parses <c>MODEL@ALIAS</c> or <c>MODEL/VERSION</c>, naming the flag it came from when it is neither.</summary>
    public static ModelReference ParseReference(string flag, string text)
    {
        try
        {
            return ModelReference.Parse(text);
        }
        catch (CrucibleException e)
        {
            throw new DeploymentUsageException($"{flag} {text}: {e.Message}");
        }
    }

    /// <summary>The request that creates deployment <paramref name="name"/>; batching not given stays the server's default (off).</summary>
    public static DeploymentRequest ForCreate(string name, DeploymentChanges changes)
    {
        if (changes.Routes is not { Count: > 0 } routes)
        {
            throw new DeploymentUsageException("Name the model to serve with --model MODEL@ALIAS or --model MODEL/VERSION.");
        }

        var batching = changes.MaxBatchSize is null && changes.MaxDelayMs is null
            ? null
            : new BatchingDto(changes.MaxBatchSize ?? BatchingSettings.Off.MaxBatchSize, changes.MaxDelayMs ?? BatchingSettings.Off.MaxDelayMs);
        var request = new DeploymentRequest(
            name,
            Routes(routes),
            changes.Shadow is null ? null : Reference("--shadow", changes.Shadow),
            batching,
            string.IsNullOrEmpty(changes.Description) ? null : changes.Description,
            changes.Capture ?? true)
        {
            Exposure = changes.Exposure is { } exposure ? ExposureArguments.Apply(name, null, exposure) : null,
        };
        Validate(request);
        return request;
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="changes"/> applied, as a replace request that only succeeds while the
    /// deployment is still at the revision that was read.
    /// </summary>
    public static DeploymentRequest ForUpdate(DeploymentDto current, DeploymentChanges changes)
    {
        RequireChanges(changes);
        var description = changes.Description ?? current.Description;
        var request = new DeploymentRequest(
            current.Name,
            changes.Routes is null ? current.Routes : Routes(changes.Routes),
            changes.RemoveShadow ? null : changes.Shadow is null ? current.Shadow : Reference("--shadow", changes.Shadow),
            new BatchingDto(changes.MaxBatchSize ?? current.Batching.MaxBatchSize, changes.MaxDelayMs ?? current.Batching.MaxDelayMs),
            string.IsNullOrEmpty(description) ? null : description,
            changes.Capture ?? current.Capture)
        {
            ExpectedRevision = current.Revision,
            Exposure = changes.Exposure is { } exposure ? ExposureArguments.Apply(current.Name, current.Exposure, exposure) : current.Exposure,
        };
        Validate(request);
        return request;
    }

    /// <summary>Refuses an update that would change nothing.</summary>
    public static DeploymentChanges RequireChanges(DeploymentChanges changes) => changes.IsEmpty
        ? throw new DeploymentUsageException("Nothing to change: give --model, --shadow, --no-shadow, --max-batch-size, --max-delay-ms, --description, --capture, --no-capture, --output-mode, --decimals, --top-k, --rate-limit, --total-rate-limit or --quota.")
        : changes;

    /// <summary>Epoch milliseconds from ISO 8601 (UTC unless it names an offset) or from epoch milliseconds; null stays null.</summary>
    public static long? ParseTime(string flag, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return milliseconds;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : throw new DeploymentUsageException($"{flag} {text}: expected an ISO 8601 time such as 2026-01-31T12:00:00Z, or epoch milliseconds.");
    }

    /// <summary>Checks the request with the server's own rules (<see cref="DeploymentLimits"/>), so a bad one is never sent.</summary>
    public static void Validate(DeploymentRequest request)
    {
        try
        {
            var routes = (request.Routes ?? [])
                .Select(r => new DeploymentRoute(new ModelReference(r.Model, r.Version, r.Alias), r.Weight ?? DefaultWeight))
                .ToList();
            var shadow = request.Shadow is { } s ? new ModelReference(s.Model, s.Version, s.Alias) : null;
            var batching = request.Batching is { } b ? new BatchingSettings(b.MaxBatchSize, b.MaxDelayMs) : BatchingSettings.Off;
            new DeploymentSpec(request.Name ?? string.Empty, routes, shadow, batching, request.Description, request.Capture ?? true).Validate();
        }
        catch (CrucibleException e)
        {
            throw new DeploymentUsageException(e.Message);
        }
    }

    private static List<DeploymentRouteDto> Routes(IReadOnlyList<RouteArgument> routes) => routes.Select(r =>
    {
        var target = ParseReference(ModelFlag, r.Reference);
        return new DeploymentRouteDto(target.Model, target.Version, target.Alias, r.Weight ?? DefaultWeight);
    }).ToList();

    private static ModelRefDto Reference(string flag, string text)
    {
        var target = ParseReference(flag, text);
        return new ModelRefDto(target.Model, target.Version, target.Alias);
    }
}
