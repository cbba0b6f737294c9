using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rapport.Features.Questions.Format;

namespace Rapport.BrowserTests;

public sealed class RoomFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public Task RevealedHintReachesTheCandidate_ClocksAgree_AndNoNoteOrRubricIsInTheCandidatesPage() =>
        browser.RunAsync(nameof(RevealedHintReachesTheCandidate_ClocksAgree_AndNoNoteOrRubricIsInTheCandidatesPage), async context =>
        {
            var question = BankFolder.Read(RapportServer.BankFolder).Bank!.Question("numerically-stable-softmax")!.Document;
            var interviewer = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(interviewer, "Rae Candidate", "mle-coding-screen", 3);
            await AdminFlows.OpenRoomAsync(interviewer);
            await Assertions.Expect(interviewer.Locator("[data-region=status]")).ToHaveTextAsync("Connected.");

            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            await Assertions.Expect(candidate.Locator("[data-region=status]")).ToHaveTextAsync(new Regex("Connected|joined"));

            await interviewer.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(1).ClickAsync();
            await interviewer.GetByRole(AriaRole.Button, new() { Name = $"Use {question.Title}" }).ClickAsync();
            await Assertions.Expect(candidate.GetByRole(AriaRole.Heading, new() { Name = question.Title })).ToBeVisibleAsync();
            await interviewer.GetByRole(AriaRole.Textbox, new() { Name = "Note", Exact = true }).FillAsync("Private note: calm, asked about shapes first");
            await interviewer.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
            await Assertions.Expect(interviewer.GetByText("Private note: calm, asked about shapes first")).ToBeVisibleAsync();
            var ladder = interviewer.Locator("[data-region=ladders] section").Filter(new() { HasText = question.Title });
            await ladder.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).First.ClickAsync();
            await Assertions.Expect(candidate.Locator("[data-region=hints]").GetByText(question.Interviewer.Hints[0].Text)).ToBeVisibleAsync();

            // Both clocks count down the same section from the server's start time.
            var candidateClock = await candidate.Locator("[data-region=clock]").TextContentAsync();
            var interviewerClock = await interviewer.Locator("[data-region=clock]").TextContentAsync();
            Assert.StartsWith("ML coding problem", candidateClock, StringComparison.Ordinal);
            Assert.InRange(Math.Abs(Seconds(interviewerClock!) - Seconds(candidateClock!)), 0, 2);

            var dom = await candidate.ContentAsync();
            Assert.DoesNotContain("Private note", dom, StringComparison.Ordinal);
            foreach (var secret in question.Interviewer.Rubric.SelectMany(r => r.Levels).Append(question.Interviewer.Hints[1].Text))
            {
                Assert.DoesNotContain(secret, dom, StringComparison.Ordinal);
            }
        });

    [Fact]
    public Task WithdrawnLink_TellsTheCandidateKindly_AndTheirPadStopsTakingEdits() =>
        browser.RunAsync(nameof(WithdrawnLink_TellsTheCandidateKindly_AndTheirPadStopsTakingEdits), async context =>
        {
            var coordinator = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(coordinator, "Wes Candidate", "mle-coding-screen", 3);
            await coordinator.GetByRole(AriaRole.Link, new() { Name = "Open the interview" }).ClickAsync();

            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            var pad = candidate.Locator("[data-region=pad] .cm-content");
            await Assertions.Expect(pad).ToHaveAttributeAsync("contenteditable", "true");
            await Assertions.Expect(candidate.Locator("[data-region=ended]")).ToBeHiddenAsync();

            await coordinator.GetByRole(AriaRole.Button, new() { Name = "Withdraw the link" }).ClickAsync();

            var ended = candidate.Locator("[data-region=ended]");
            await Assertions.Expect(ended).ToBeVisibleAsync();
            await Assertions.Expect(ended).ToContainTextAsync("This link is no longer valid. If you think this is a mistake, contact the person who invited you.");
            await Assertions.Expect(pad).ToHaveAttributeAsync("contenteditable", "false");
        });

    private static int Seconds(string clock) => Regex.Match(clock, @"(\d+):(\d\d) left") is { Success: true } m
        ? (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"no clock in '{clock}'");
}
