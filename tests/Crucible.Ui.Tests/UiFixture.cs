using Microsoft.Playwright;

namespace Crucible.Ui.Tests;

/// <summary>
/// One server (auth on, users <see cref="Editor"/> and <see cref="Viewer"/>) and one headless Chromium for a test
/// class; each test opens its own browser context (its own cookies and storage). Chromium is Debian's
/// (<c>/usr/bin/chromium</c>, installed by scripts/lib/services.sh); Playwright downloads nothing.
/// </summary>
public sealed class UiFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery";
    public const string Editor = "ada";
    public const string Viewer = "vic";

    private IPlaywright _playwright = null!;

    public UiServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await UiServer.StartAsync();
        await Server.CreateUserAsync(Editor, Password, "editor");
        await Server.CreateUserAsync(Viewer, Password, "viewer");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRUCIBLE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A fresh page in its own context, 1280×800, failing fast (10 s) instead of hanging on a missing selector.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, BaseURL = Server.Address.ToString() });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        return page;
    }

    /// <summary>Opens the UI at <paramref name="hash"/> and signs in through its form; returns once the layout is shown.</summary>
    public async Task<IPage> SignInAsync(string user = Editor, string hash = "#/experiments")
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/" + hash);
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#signin button[type=submit]");
        await page.WaitForSelectorAsync("#who");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
