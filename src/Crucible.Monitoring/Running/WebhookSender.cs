using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Crucible.Core.Monitoring;

namespace Crucible.Monitoring.Running;

/// <summary>How alert webhooks are delivered.</summary>
public sealed record WebhookOptions
{
    /// <summary>POSTs per alert before giving up.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Wait after the first failure; doubled after each further one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed for one POST.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// POSTs alert JSON to a webhook, signed with <c>X-Crucible-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>
/// when the monitor has a secret (GitHub's scheme), retrying with exponential backoff. Never throws for a failed
/// delivery: the outcome is returned so it can be stored on the alert.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider time, WebhookOptions options) : IDisposable
{
    public const string SignatureHeader = "X-Crucible-Signature";
    public const string EventHeader = "X-Crucible-Event";

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of <paramref name="body"/> keyed with the UTF-8 secret.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when <paramref name="signature"/> is the body's signature (compared in constant time).</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(body, secret)), Encoding.ASCII.GetBytes(signature));

    public void Dispose() => http.Dispose();

    public async Task<AlertDelivery> SendAsync(string url, string? secret, string eventName, byte[] body, CancellationToken cancellationToken)
    {
        string? error = null;
        var attempts = Math.Max(1, options.Attempts);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                var delay = options.FirstRetryDelay * Math.Pow(2, attempt - 2);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(EventHeader, eventName);
            if (!string.IsNullOrEmpty(secret))
            {
                request.Headers.Add(SignatureHeader, Sign(body, secret));
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Timeout);
                using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return new AlertDelivery("delivered", attempt, null);
                }

                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"no answer within {options.Timeout.TotalSeconds:0.#} s";
            }
        }

        return new AlertDelivery("failed", attempts, error);
    }
}
