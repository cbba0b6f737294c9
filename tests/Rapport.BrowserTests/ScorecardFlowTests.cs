using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

public sealed class ScorecardFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public Task EvidenceTyped_IsSavedAsTyped_SurvivesAReload_AndTheLanguageCheckSuggestsKindly() =>
        browser.RunAsync(nameof(EvidenceTyped_IsSavedAsTyped_SurvivesAReload_AndTheLanguageCheckSuggestsKindly), async context =>
        {
            var page = await AdminFlows.SignInAsync(context, server);
            await AdminFlows.PlanAsync(page, "Sky Candidate", "mle-coding-screen", 3);
            await AdminFlows.OpenRoomAsync(page);
            await Assertions.Expect(page.Locator("[data-region=status]")).ToHaveTextAsync("Connected.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(1).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Use Numerically stable softmax and cross-entropy" }).ClickAsync();
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "End interview" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Write your scorecard" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/interviews/[0-9a-f-]+/scorecard$"));

            // Typed, saved without a button, and still there after a reload.
            var row = page.Locator("[data-row]").First;
            var evidence = row.Locator("textarea[data-evidence]");
            const string typed = "Subtracted the maximum before exponentiating, and said why: overflow.";
            await row.Locator("input[type=radio][value='3']").CheckAsync();
            await evidence.FillAsync(typed);
            var status = page.Locator("[data-save-status]");
            await Assertions.Expect(status).ToHaveTextAsync(new Regex("^Saved · "));
            await page.ReloadAsync();
            await Assertions.Expect(evidence).ToHaveValueAsync(typed);
            await Assertions.Expect(row.Locator("input[type=radio][value='3']")).ToBeCheckedAsync();

            // A listed phrase: a kind suggestion appears under the evidence, the phrase marked; submitting stays possible.
            await evidence.FillAsync("Not a culture fit for the team, I felt.");
            var marked = row.Locator("[data-findings] mark");
            await Assertions.Expect(marked).ToHaveTextAsync("culture fit");
            await Assertions.Expect(row.Locator("[data-findings] .suggestion")).Not.ToBeEmptyAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit and lock" })).ToBeEnabledAsync();

            // The rubric, the notes and the findings fit a 1280-pixel screen without scrolling sideways.
            await page.SetViewportSizeAsync(1280, 900);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the scorecard scrolls sideways at 1280 px");
        });
}
