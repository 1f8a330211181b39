using System.CommandLine;
using System.Globalization;
using Crucible.Contracts.Serving;
using Crucible.Core.Errors;
using Crucible.Core.Serving;

namespace Crucible.Cli.Commands;

/// <summary>What <c>create</c> or <c>update</c> asks to change in a deployment's exposure controls; null leaves a field as it is, "off" clears it.</summary>
internal sealed record ExposureChanges(string? Mode, string? Decimals, int? TopK, string? RateLimit, string? TotalRateLimit, string? Quota)
{
    public bool IsEmpty => Mode is null && Decimals is null && TopK is null && RateLimit is null && TotalRateLimit is null && Quota is null;
}

/// <summary>The output-control and limit flags <c>create</c> and <c>update</c> share (issue 15, item 7).</summary>
internal sealed class ExposureFlagSet
{
    public Option<string?> Output { get; } = new("--output-mode") { Description = "What answers reveal: full, top_k (with --top-k) or label (no probabilities or scores).", HelpName = "MODE" };

    public Option<string?> Decimals { get; } = new("--decimals") { Description = "Round every probability and score to this many decimals (0-15); off for full precision.", HelpName = "N|off" };

    public Option<int?> TopK { get; } = new("--top-k") { Description = "With --output-mode top_k: keep each row's K largest scores, the rest are returned as 0.", HelpName = "K" };

    public Option<string?> RateLimit { get; } = new("--rate-limit") { Description = "Requests per second each caller (token, user, or address) may make: N or N/BURST; off to remove.", HelpName = "N[/BURST]|off" };

    public Option<string?> TotalRateLimit { get; } = new("--total-rate-limit") { Description = "Requests per second from all callers together: N or N/BURST; off to remove.", HelpName = "N[/BURST]|off" };

    public Option<string?> Quota { get; } = new("--quota") { Description = "Requests each caller may make per period: N/day, N/hour, N/minute or N/SECONDSs (e.g. 1000/day); off to remove.", HelpName = "N/PERIOD|off" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Output, Decimals, TopK, RateLimit, TotalRateLimit, Quota })
        {
            command.Options.Add(option);
        }
    }

    public ExposureChanges Read(ParseResult parse) => new(
        parse.GetValue(Output), parse.GetValue(Decimals), parse.GetValue(TopK), parse.GetValue(RateLimit), parse.GetValue(TotalRateLimit), parse.GetValue(Quota));
}

/// <summary>Merges <see cref="ExposureChanges"/> into a deployment's exposure and checks it with the server's rules before anything is sent.</summary>
internal static class ExposureArguments
{
    private const string Off = "off";

    /// <summary><paramref name="current"/> (null: none yet) with the changes applied; null when there are no changes and nothing to keep.</summary>
    public static ExposureDto? Apply(string deployment, ExposureDto? current, ExposureChanges changes)
    {
        if (changes.IsEmpty)
        {
            return current;
        }

        var output = current?.Output ?? new OutputControlsDto("full");
        var mode = changes.Mode ?? (changes.TopK is not null ? "top_k" : output.Mode ?? "full");
        var decimals = changes.Decimals is null ? output.Decimals : changes.Decimals == Off ? null : Integer("--decimals", changes.Decimals);
        var topK = mode == "top_k" ? changes.TopK ?? output.TopK : null;
        if (changes.TopK is not null && mode != "top_k")
        {
            throw new DeploymentUsageException($"--top-k needs --output-mode top_k, not {mode}.");
        }

        var merged = new ExposureDto(
            new OutputControlsDto(mode, mode == "label" && changes.Decimals is null ? null : decimals, topK),
            changes.RateLimit is null ? current?.RateLimit : Rate("--rate-limit", changes.RateLimit),
            changes.Quota is null ? current?.Quota : ParseQuota(changes.Quota),
            changes.TotalRateLimit is null ? current?.TotalRateLimit : Rate("--total-rate-limit", changes.TotalRateLimit));
        Validate(deployment, merged);
        return merged;
    }

    /// <summary>One line for the details table: "full", "label", "top 3, 2 decimals"...</summary>
    public static string DescribeOutput(ExposureDto? exposure) => exposure?.Output switch
    {
        null => "full",
        { Mode: "label" } => "label only",
        { Mode: "top_k" } o => $"top {o.TopK}" + (o.Decimals is { } d ? $", {d} decimals" : string.Empty),
        { Decimals: { } d } => $"full, {d} decimals",
        _ => "full",
    };

    public static string DescribeLimits(ExposureDto? exposure)
    {
        var parts = new List<string>();
        if (exposure?.RateLimit is { } rate)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rate.PerSecond}/s per caller (burst {rate.Burst})"));
        }

        if (exposure?.TotalRateLimit is { } total)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{total.PerSecond}/s in total (burst {total.Burst})"));
        }

        if (exposure?.Quota is { } quota)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{quota.Requests} per caller every {quota.PeriodSeconds} s"));
        }

        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }

    private static RateLimitDto? Rate(string flag, string text)
    {
        if (text == Off)
        {
            return null;
        }

        var parts = text.Split('/');
        if (parts.Length is 1 or 2 && double.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var perSecond))
        {
            return new RateLimitDto(perSecond, parts.Length == 2 ? Integer(flag, parts[1]) : null);
        }

        throw new DeploymentUsageException($"{flag} {text}: give N (requests per second) or N/BURST, or off.");
    }

    private static QuotaDto? ParseQuota(string text)
    {
        if (text == Off)
        {
            return null;
        }

        var parts = text.Split('/');
        long? seconds = parts.Length != 2 ? null : parts[1] switch
        {
            "day" => 86_400,
            "hour" => 3_600,
            "minute" => 60,
            var s when s.EndsWith('s') && long.TryParse(s[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        if (seconds is null || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var requests))
        {
            throw new DeploymentUsageException($"--quota {text}: give N/day, N/hour, N/minute or N/SECONDSs (e.g. 1000/day), or off.");
        }

        return new QuotaDto(requests, seconds.Value);
    }

    private static int Integer(string flag, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DeploymentUsageException($"{flag} {text}: expected a whole number.");

    /// <summary>The server's own bounds (<see cref="ExposureLimits"/>), so a bad value is refused with exit code 2 and never sent.</summary>
    private static void Validate(string deployment, ExposureDto dto)
    {
        var mode = dto.Output?.Mode switch
        {
            "full" => OutputMode.Full,
            "top_k" => OutputMode.TopK,
            "label" => OutputMode.Label,
            var other => throw new DeploymentUsageException($"--output-mode {other}: use full, top_k or label."),
        };
        try
        {
            ExposureLimits.Validate(deployment, new DeploymentExposure(
                new OutputControls(mode, dto.Output!.Decimals, dto.Output.TopK),
                dto.RateLimit is { } r ? new RequestRate(r.PerSecond, r.Burst ?? Math.Max(1, (int)Math.Ceiling(Math.Min(r.PerSecond, ExposureLimits.MaxPerSecond)))) : null,
                dto.Quota is { } q ? new RequestQuota(q.Requests, TimeSpan.FromSeconds(Math.Clamp(q.PeriodSeconds, 0, 400L * 86_400))) : null,
                dto.TotalRateLimit is { } t ? new RequestRate(t.PerSecond, t.Burst ?? Math.Max(1, (int)Math.Ceiling(Math.Min(t.PerSecond, ExposureLimits.MaxPerSecond)))) : null));
        }
        catch (CrucibleException e)
        {
            throw new DeploymentUsageException(e.Message);
        }
    }
}
