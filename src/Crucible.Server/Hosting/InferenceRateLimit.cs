namespace Crucible.Server.Hosting;

/// <summary>
/// A token bucket per caller and deployment: <see cref="Burst"/> requests at once, refilled by <see cref="PerSecond"/>
/// every second. Limits how fast one caller can query a model (model extraction, scraping) or starve others.
/// </summary>
public sealed record InferenceRateLimit(int PerSecond, int Burst)
{
    /// <summary>Parses <c>N</c> (N per second, bursts of N) or <c>N/B</c> (N per second, bursts of B).</summary>
    public static InferenceRateLimit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate > 0)
        {
            if (parts.Length == 1)
            {
                return new InferenceRateLimit(rate, rate);
            }

            if (int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var burst) && burst > 0)
            {
                return new InferenceRateLimit(rate, burst);
            }
        }

        throw new FormatException($"'{text}' is not a rate limit: give N (requests per second) or N/BURST, both positive whole numbers.");
    }
}
