using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>
/// Pages people can read. Every main page fits a 1,280-pixel window: nothing makes it scroll
/// sideways, not a long unbroken name, a reference solution's long line nor a wide table (the
/// question page's "What the candidate sees" was off-screen). The pad's colours, as the browser
/// computes them in the dark theme, meet WCAG AA.
/// </summary>
public sealed class ReadablePagesTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    // One word with no place to break: the worst case for a name in a table, a heading or a flex row.
    private static readonly string LongName = string.Concat(Enumerable.Repeat("Wolfeschlegelsteinhausenbergerdorff", 6))[..180];

    [Fact]
    public Task EveryMainPage_FitsA1280PixelWindow_WithA180CharacterName() =>
        browser.RunAsync(nameof(EveryMainPage_FitsA1280PixelWindow_WithA180CharacterName), async context =>
        {
            var page = await AdminFlows.SignInAsync(context, server);
            await page.SetViewportSizeAsync(1280, 900);

            // An interview of the long-named candidate, taken through to a decision, so every page has something to show.
            var candidateLink = await AdminFlows.PlanAsync(page, LongName, "mle-coding-screen", 3, email: "long-name@example.org");
            var interviewPath = await page.GetByRole(AriaRole.Link, new() { Name = "Open the interview" }).GetAttributeAsync("href");
            var loopPath = await page.GetByRole(AriaRole.Link, new() { Name = "The loop" }).GetAttributeAsync("href");
            await AdminFlows.OpenRoomAsync(page);
            await Assertions.Expect(page.Locator("[data-region=status]")).ToHaveTextAsync("Connected.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(1).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Use Numerically stable softmax and cross-entropy" }).ClickAsync();
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "End interview" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Write your scorecard" }).ClickAsync();
            await page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^3 · ") }).First.CheckAsync();
            await page.GetByLabel(new Regex("^Evidence for ")).First.FillAsync("Subtracted the maximum before exponentiating and said why.");
            await page.GetByLabel("Yes", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("Why, in a sentence").FillAsync("Careful numerics, explained clearly.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit and lock" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Submitted. Your scorecard is locked")).ToBeVisibleAsync();
            await page.GotoAsync($"{server.BaseUrl}{loopPath}/debrief");
            var decision = page.GetByRole(AriaRole.Region, new() { Name = "Decision" });
            await decision.GetByLabel("Hire", new() { Exact = true }).CheckAsync();
            await decision.GetByLabel(new Regex("^Rationale")).FillAsync("Careful numerics and clear reasoning about overflow.");
            await decision.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
            await Assertions.Expect(decision.GetByRole(AriaRole.Listitem)).ToContainTextAsync("Hire, by Avery Admin");
            await page.GotoAsync($"{server.BaseUrl}{interviewPath}");
            var candidatePath = await page.GetByRole(AriaRole.Link, new() { Name = LongName }).First.GetAttributeAsync("href");

            string[] pages =
            [
                "/", "/bank", "/bank/questions/numerically-stable-softmax", "/bank/kits/mle-coding-screen",
                interviewPath!, loopPath!, $"{interviewPath}/scorecard", $"{loopPath}/debrief", $"{loopPath}/feedback",
                "/insights", "/users", "/candidates", candidatePath!,
            ];
            var sideways = new List<string>();
            foreach (var path in pages)
            {
                await page.GotoAsync($"{server.BaseUrl}{path}");
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
                sideways.AddRange(await ScrollsSidewaysAsync(page, path));
            }

            // The candidate's own page, in their own browser.
            await using var candidateContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync(candidateLink);
            await Assertions.Expect(candidate.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            sideways.AddRange(await ScrollsSidewaysAsync(candidate, "the candidate's page /c/…"));

            Assert.True(sideways.Count == 0, "These pages scroll sideways in a 1,280-pixel window: " + string.Join("; ", sideways));
        });

    [Fact]
    public Task ThePad_InTheDarkTheme_ShowsCodeAndLineNumbersAtWcagAAContrast() =>
        browser.RunAsync(nameof(ThePad_InTheDarkTheme_ShowsCodeAndLineNumbersAtWcagAAContrast), async context =>
        {
            await context.AddCookiesAsync([new Cookie { Name = "rapport.theme", Value = "dark", Url = server.BaseUrl }]);
            var page = await AdminFlows.SignInAsync(context, server);
            await AdminFlows.PlanAsync(page, "Dana Candidate", "mle-coding-screen", 4, email: "dana@example.org");
            await AdminFlows.OpenRoomAsync(page);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
            await Assertions.Expect(page.Locator("[data-region=status]")).ToHaveTextAsync("Connected.");
            await page.GetByLabel("Language", new() { Exact = true }).SelectOptionAsync("Python");
            var pad = page.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            await pad.ClickAsync();
            foreach (var line in new[] { "# a note", "def f(x):", "return 'text' if x else 42" })
            {
                // Escape closes any completion list, so Enter starts a new line instead of accepting it.
                await pad.PressSequentiallyAsync(line);
                await pad.PressAsync("Escape");
                await pad.PressAsync("Enter");
            }

            var editor = await ColourAsync(page.Locator(".cm-editor"), "backgroundColor");
            Assert.True(Luminance(editor) < 0.05, $"the pad's background is {editor}, not dark");
            var failures = new List<string>();
            foreach (var (what, token) in new[] { ("the comment", "# a note"), ("the keyword", "def"), ("the string", "'text'"), ("the number", "42") })
            {
                var span = pad.Locator(".cm-line span").GetByText(token, new() { Exact = true }).First;
                Check(failures, what, await ColourAsync(span, "color"), editor);
            }

            Check(failures, "the code", await ColourAsync(pad, "color"), editor);
            var gutters = page.Locator(".cm-gutters");
            Check(failures, "the line numbers", await ColourAsync(gutters, "color"), await ColourAsync(gutters, "backgroundColor"));
            Assert.True(failures.Count == 0, "In the dark theme: " + string.Join("; ", failures));
        });

    private static void Check(List<string> failures, string what, (int R, int G, int B) foreground, (int R, int G, int B) background)
    {
        var (lighter, darker) = (Math.Max(Luminance(foreground), Luminance(background)), Math.Min(Luminance(foreground), Luminance(background)));
        var ratio = (lighter + 0.05) / (darker + 0.05);
        if (ratio < 4.5)
        {
            failures.Add($"{what} is {ratio.ToString("0.00", CultureInfo.InvariantCulture)}:1 (rgb{foreground} on rgb{background})");
        }
    }

    /// <summary>WCAG 2.x relative luminance of an opaque sRGB colour.</summary>
    private static double Luminance((int R, int G, int B) colour)
    {
        static double Linear(int channel) => channel / 255.0 <= 0.04045 ? channel / 255.0 / 12.92 : Math.Pow(((channel / 255.0) + 0.055) / 1.055, 2.4);
        return (0.2126 * Linear(colour.R)) + (0.7152 * Linear(colour.G)) + (0.0722 * Linear(colour.B));
    }

    /// <summary>A computed colour; a translucent one is refused, since its contrast depends on what is under it.</summary>
    private static async Task<(int R, int G, int B)> ColourAsync(ILocator element, string property)
    {
        var text = await element.EvaluateAsync<string>($"e => getComputedStyle(e).{property}");
        var match = Regex.Match(text, @"^rgb\((\d+), (\d+), (\d+)\)$");
        Assert.True(match.Success, $"{property} is '{text}', not an opaque rgb() colour");
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The page's name and widths when the document is wider than the window, nothing otherwise.</summary>
    private static async Task<IEnumerable<string>> ScrollsSidewaysAsync(IPage page, string name)
    {
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, window.innerWidth]");
        Assert.Equal(1280, widths[1]);
        return widths[0] <= widths[1] ? [] : [$"{name} is {widths[0]} px wide"];
    }
}
