using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>A real HTTP endpoint on a free loopback port that records every POST to <c>/hook</c>.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(byte[] Body, string? Signature, string? Event)> Received { get; } = new();

    public string Url => new Uri(_app.Address(), "/hook").ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            receiver.Received.Enqueue((buffer.ToArray(), http.Request.Headers["X-Crucible-Signature"].FirstOrDefault(), http.Request.Headers["X-Crucible-Event"].FirstOrDefault()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
