using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser). A failing step saves a
/// screenshot of every open page to <c>artifacts/screenshots/</c> and names it in the failure.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("RAPPORT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium not found at {ChromiumPath}; install Debian's chromium (script/test does).");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root needs --no-sandbox; the rest keep Chromium from calling out of this closed machine.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
    }

    /// <summary>Runs a flow in a fresh browser context (its own cookies), with screenshots on failure.</summary>
    public async Task RunAsync(string name, Func<IBrowserContext, Task> flow)
    {
        await using var context = await Browser.NewContextAsync();
        context.SetDefaultTimeout(15_000);
        try
        {
            await flow(context);
        }
        catch (Exception e)
        {
            var shots = new List<string>();
            var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            foreach (var (page, index) in context.Pages.Select((p, i) => (p, i)))
            {
                var path = Path.Combine(folder, $"{name}-{index}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
                shots.Add(path);
            }

            throw new InvalidOperationException($"{name} failed; screenshots: {string.Join(", ", shots)}", e);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Rapport.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Path.GetTempPath();
    }
}
