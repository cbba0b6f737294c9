using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>
/// Coaching in a short scripted interview, through the real pages: a nudge appears on the
/// panel's side only, is put away, and after the scorecard the report card says what happened,
/// the nudge and whether it was followed included.
/// </summary>
public sealed class CoachingFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    private const string Ladder = "after about 3 minutes without progress";

    [Fact]
    public Task AHintNudgeAppearsForThePanelAlone_IsPutAwayAndFollowed_AndTheReportCardSaysSo() =>
        browser.RunAsync(nameof(AHintNudgeAppearsForThePanelAlone_IsPutAwayAndFollowed_AndTheReportCardSaysSo), async context =>
        {
            var page = await AdminFlows.SignInAsync(context, server);
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

            // This server's bank only: the softmax question's first hint is due after 15 seconds without progress, not 3 minutes.
            await page.GotoAsync($"{server.BaseUrl}/bank/questions/numerically-stable-softmax/edit");
            var source = await page.Locator("#source").InputValueAsync();
            Assert.Contains(Ladder, source, StringComparison.Ordinal);
            await page.Locator("#source").FillAsync(source.Replace(Ladder, "after about 0.25 minutes without progress", StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Button, new() { Name = "Save a new version" }).ClickAsync();
            await Assertions.Expect(page.GetByText("0.25 minutes").First).ToBeVisibleAsync();

            await page.GotoAsync($"{server.BaseUrl}/");
            var link = await AdminFlows.PlanAsync(page, "Noor Candidate", "mle-coding-screen", 3, email: "noor@example.org");
            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            await AdminFlows.OpenRoomAsync(page);
            await Assertions.Expect(page.Locator("[data-region=presence]")).ToContainTextAsync("Noor Candidate");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(1).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Use Numerically stable softmax and cross-entropy" }).ClickAsync();

            // The candidate writes nothing; the room is looked at every 15 seconds: the nudge comes quietly, in the panel.
            var nudge = page.Locator("[data-region=nudges] li", new() { HasText = "Hint 1 of" });
            await Assertions.Expect(nudge).ToBeVisibleAsync(new() { Timeout = 45_000 });
            await Assertions.Expect(nudge).ToContainTextAsync("is on the ladder if it would help");
            Assert.Equal(0, await page.Locator("dialog[open], [role=dialog], [role=alertdialog]").CountAsync());
            await Assertions.Expect(candidate.Locator("body")).Not.ToContainTextAsync("on the ladder");
            Assert.Equal(0, await candidate.Locator("[data-region=nudges]").CountAsync());

            await nudge.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Dismiss") }).ClickAsync();
            await Assertions.Expect(nudge).ToHaveCountAsync(0);
            await page.Locator("details[data-question-id=numerically-stable-softmax] li").First.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
            await Assertions.Expect(candidate.Locator("[data-region=hints] li")).ToHaveCountAsync(1);

            // End, score, and the report card opens from the scorecard.
            await page.GetByRole(AriaRole.Button, new() { Name = "End interview" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Write your scorecard" }).ClickAsync();
            await page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^3 · ") }).First.CheckAsync();
            await page.GetByLabel(new Regex("^Evidence for ")).First.FillAsync("Explained the plan before coding and asked what the input sizes were.");
            await page.GetByLabel("Yes", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("Why, in a sentence").FillAsync("Clear thinking, explained as they went.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit and lock" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Your report card: how the interview went" }).ClickAsync();

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Report card: interview with Noor Candidate" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-measure=introductions]")).ToHaveAttributeAsync("data-mark", "Missed");
            await Assertions.Expect(page.Locator("[data-measure=candidate-questions]")).ToHaveAttributeAsync("data-mark", "Missed");
            await Assertions.Expect(page.Locator("[data-measure=scorecard-on-time]")).ToHaveAttributeAsync("data-mark", "Met");
            var shown = page.Locator("[data-nudge-kind=hint-available]");
            await Assertions.Expect(shown).ToHaveAttributeAsync("data-followed", "Yes");
            await Assertions.Expect(shown).ToContainTextAsync("(put away)");
            await Assertions.Expect(shown.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", new Regex("/replay\\?at=\\d+$"));
            await Assertions.Expect(page.Locator("[data-hint='1']")).ToBeVisibleAsync();
        });
}
