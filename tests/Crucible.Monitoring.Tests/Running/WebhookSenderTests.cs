using System.Net;
using System.Text;
using Crucible.Monitoring.Running;
using Crucible.TestSupport;

namespace Crucible.Monitoring.Tests.Running;

public sealed class WebhookSenderTests
{
    private static readonly WebhookOptions Fast = new() { Attempts = 3, FirstRetryDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public void The_signature_is_hex_hmac_sha256_of_the_body()
    {
        // RFC 4231, test case 2.
        var body = Encoding.ASCII.GetBytes("what do ya want for nothing?");
        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", WebhookSender.Sign(body, "Jefe"));
        Assert.True(WebhookSender.Verify(body, "Jefe", "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        Assert.False(WebhookSender.Verify(body, "jefe", "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        Assert.False(WebhookSender.Verify(body, "Jefe", null));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_the_same_signed_body_three_times()
    {
        var handler = new Scripted(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        using var sender = new WebhookSender(new HttpClient(handler), new ManualTimeProvider(), Fast);
        var body = Encoding.UTF8.GetBytes("""{"event":"alert.firing"}""");

        var delivery = await sender.SendAsync("http://127.0.0.1:9/hook", "s3cret", "alert.firing", body, CancellationToken.None);

        Assert.Equal(("delivered", 3, (string?)null), (delivery.Status, delivery.Attempts, delivery.Error));
        Assert.Equal(3, handler.Received.Count);
        Assert.All(handler.Received, r =>
        {
            Assert.Equal(body, r.Body);
            Assert.True(WebhookSender.Verify(r.Body, "s3cret", r.Signature));
            Assert.Equal("alert.firing", r.Event);
        });
    }

    [Fact]
    public async Task A_receiver_that_always_fails_is_reported_not_thrown_and_an_unsigned_hook_has_no_signature()
    {
        var handler = new Scripted(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK);
        using var sender = new WebhookSender(new HttpClient(handler), new ManualTimeProvider(), Fast);

        var delivery = await sender.SendAsync("http://127.0.0.1:9/hook", null, "alert.firing", [1, 2], CancellationToken.None);

        Assert.Equal("failed", delivery.Status);
        Assert.Equal(3, delivery.Attempts);
        Assert.Contains("502", delivery.Error, StringComparison.Ordinal);
        Assert.Equal(3, handler.Received.Count);
        Assert.All(handler.Received, r => Assert.Null(r.Signature));
    }

    [Fact]
    public async Task An_unreachable_receiver_is_a_failed_delivery()
    {
        using var sender = new WebhookSender(new HttpClient(), new ManualTimeProvider(), Fast with { Attempts = 2 });

        // Port 9 (discard) is closed on loopback: the connection is refused at once.
        var delivery = await sender.SendAsync("http://127.0.0.1:9/hook", "k", "alert.firing", [1], CancellationToken.None);

        Assert.Equal(("failed", 2), (delivery.Status, delivery.Attempts));
        Assert.NotNull(delivery.Error);
    }

    private sealed class Scripted(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public List<(byte[] Body, string? Signature, string? Event)> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            string? Header(string name) => request.Headers.TryGetValues(name, out var values) ? values.Single() : null;
            Received.Add((body, Header(WebhookSender.SignatureHeader), Header(WebhookSender.EventHeader)));
            return new HttpResponseMessage(answers[Received.Count - 1]);
        }
    }
}
