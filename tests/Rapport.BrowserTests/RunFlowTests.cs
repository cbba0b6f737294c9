using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rapport.Features.Questions.Format;

namespace Rapport.BrowserTests;

public sealed class RunFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public Task CandidatePressesRun_BothSeeTheOutput_AndTestResultsKeepHiddenCasesHidden() =>
        browser.RunAsync(nameof(CandidatePressesRun_BothSeeTheOutput_AndTestResultsKeepHiddenCasesHidden), async context =>
        {
            var question = BankFolder.Read(RapportServer.BankFolder).Bank!.Question("numerically-stable-softmax")!.Document;
            var interviewer = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(interviewer, "Ravi Candidate", "mle-coding-screen", 5);
            await AdminFlows.OpenRoomAsync(interviewer);

            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            var pad = candidate.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            await Assertions.Expect(pad).ToBeVisibleAsync();
            await Assertions.Expect(candidate.Locator("#run-language")).ToHaveValueAsync("python");

            await pad.ClickAsync();
            await pad.PressSequentiallyAsync("print(6*7");
            await candidate.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();

            await Assertions.Expect(candidate.Locator("[data-region=run-output]")).ToHaveTextAsync(new Regex("^42\\s*$"));
            await Assertions.Expect(interviewer.Locator("[data-region=run-output]")).ToHaveTextAsync(new Regex("^42\\s*$"));
            await Assertions.Expect(interviewer.Locator("[data-region=run-status]")).ToContainTextAsync("ran successfully");

            // Once the interviewer gives the question, the candidate may run its tests.
            await interviewer.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(1).ClickAsync();
            await interviewer.GetByRole(AriaRole.Button, new() { Name = $"Use {question.Title}" }).ClickAsync();
            await candidate.GetByRole(AriaRole.Button, new() { Name = $"Run tests: {question.Title}" }).ClickAsync();

            // Each case runs in a fresh sandboxed process (NumPy imported each time): seconds, more on a busy machine.
            var results = candidate.Locator("[data-region=run-tests] li");
            await Assertions.Expect(results).ToHaveCountAsync(question.Interviewer.Tests!.Cases.Count, new() { Timeout = 60_000 });
            await Assertions.Expect(interviewer.Locator("[data-region=presence] li")).ToHaveTextAsync(["Ravi Candidate (candidate)", "Avery Admin (interviewer)"]);
            await Assertions.Expect(candidate.Locator("[data-region=run-status]")).ToContainTextAsync("tests passed");
            await Assertions.Expect(interviewer.Locator("[data-region=run-tests] li")).ToHaveCountAsync(question.Interviewer.Tests.Cases.Count);
            var dom = await candidate.ContentAsync();
            foreach (var hidden in question.Interviewer.Tests.Cases.Where(c => !c.Visible))
            {
                Assert.Contains($"{hidden.Name} (hidden)", dom, StringComparison.Ordinal);
                Assert.DoesNotContain(hidden.Call, dom, StringComparison.Ordinal);
            }
        });
}
