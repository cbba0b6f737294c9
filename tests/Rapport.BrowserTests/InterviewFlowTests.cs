using Microsoft.Playwright;

namespace Rapport.BrowserTests;

public sealed class InterviewFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public Task AdminSignsIn_PlansAnInterview_AndTheCandidateLinkOpensTheCandidatePage() =>
        browser.RunAsync(nameof(AdminSignsIn_PlansAnInterview_AndTheCandidateLinkOpensTheCandidatePage), async context =>
        {
            var page = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(page, "Dana Candidate");

            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            var response = await candidate.GotoAsync(link);
            Assert.Equal(200, response!.Status);
            await Assertions.Expect(candidate.GetByRole(AriaRole.Heading, new() { Name = "Hello, Dana Candidate" })).ToBeVisibleAsync();
            await Assertions.Expect(candidate.GetByText("Hints are normal.")).ToBeVisibleAsync();
            await Assertions.Expect(candidate.GetByText("Avery Admin")).ToBeVisibleAsync();
            // The candidate sees no staff navigation and no way into anything else.
            await Assertions.Expect(candidate.GetByRole(AriaRole.Link, new() { Name = "Interviews" })).ToHaveCountAsync(0);
        });

    [Fact]
    public Task WithdrawnLink_GetsAKindPageNotAnErrorDump() =>
        browser.RunAsync(nameof(WithdrawnLink_GetsAKindPageNotAnErrorDump), async context =>
        {
            var page = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(page, "Eli Candidate");
            await page.GetByRole(AriaRole.Link, new() { Name = "Open the interview" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw the link" }).ClickAsync();
            await Assertions.Expect(page.GetByText("The candidate link was withdrawn.")).ToBeVisibleAsync();

            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            var response = await candidate.GotoAsync(link);
            Assert.Equal(410, response!.Status);
            await Assertions.Expect(candidate.GetByRole(AriaRole.Heading, new() { Name = "This interview link has been replaced" })).ToBeVisibleAsync();
            await Assertions.Expect(candidate.GetByText("ask for a new link")).ToBeVisibleAsync();
            Assert.DoesNotContain("Exception", await candidate.ContentAsync(), StringComparison.Ordinal);
        });

    [Fact]
    public Task MistypedLink_GetsAKind404Page() =>
        browser.RunAsync(nameof(MistypedLink_GetsAKind404Page), async context =>
        {
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync($"{server.BaseUrl}/c/{new string('Z', 43)}");
            Assert.Equal(404, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "We could not open this interview link" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Nothing is wrong on your side.")).ToBeVisibleAsync();
        });

    [Fact]
    public Task Keyboard_ReachesTheSkipLinkFirst_AndTheDarkThemeSticks() =>
        browser.RunAsync(nameof(Keyboard_ReachesTheSkipLinkFirst_AndTheDarkThemeSticks), async context =>
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{server.BaseUrl}/account/login");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();

            await page.GetByLabel("Theme").SelectOptionAsync("dark");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        });
}
