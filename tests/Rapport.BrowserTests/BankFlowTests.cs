using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rapport.Features.Questions.Format;

namespace Rapport.BrowserTests;

public sealed class BankFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public Task InterviewerFindsAQuestionByTag_AndTheCandidatePreviewHoldsNoHintOrRubric() =>
        browser.RunAsync(nameof(InterviewerFindsAQuestionByTag_AndTheCandidatePreviewHoldsNoHintOrRubric), async context =>
        {
            var question = BankFolder.Read(RapportServer.BankFolder).Bank!.Question("numerically-stable-softmax")!.Document;
            var page = await AdminFlows.SignInAsync(context, server);

            await page.GetByRole(AriaRole.Link, new() { Name = "Question bank" }).ClickAsync();
            await page.GetByLabel("Tag").FillAsync("numerical-stability");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("tag=numerical-stability"));
            await page.GetByRole(AriaRole.Link, new() { Name = question.Title }).ClickAsync();

            var preview = page.GetByRole(AriaRole.Article, new() { Name = "What the candidate sees" });
            await Assertions.Expect(preview).ToContainTextAsync("Implement two functions with numpy");
            var seen = await preview.InnerTextAsync();
            foreach (var secret in question.Interviewer.Hints.Select(h => h.Text).Concat(question.Interviewer.Rubric.SelectMany(r => r.Levels)))
            {
                Assert.DoesNotContain(secret, seen, StringComparison.Ordinal);
            }

            // The interviewer side of the same page does show them.
            await Assertions.Expect(page.GetByText(question.Interviewer.Hints[0].Text)).ToBeVisibleAsync();
        });
}
