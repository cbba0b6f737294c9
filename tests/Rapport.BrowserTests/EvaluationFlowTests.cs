using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rapport.Features.Survey;

namespace Rapport.BrowserTests;

/// <summary>
/// The whole evaluation, through the real pages: a panel of two interviews, each scores on their
/// own (the other's scorecard hidden until they submit), the lead decides, approves and sends the
/// letter, the candidate reads it from the link in the email and answers the survey.
/// </summary>
public sealed class EvaluationFlowTests(MailingRapportServer mailing, BrowserSession browser)
    : IClassFixture<MailingRapportServer>, IClassFixture<BrowserSession>
{
    private const string Candidate = "Quinn Candidate";
    private const string First = "Iris Interviewer";
    private const string Second = "Omar Interviewer";

    [Fact]
    public Task TwoInterviewersScoreIndependently_TheLeadDecidesAndSends_AndTheCandidateReadsTheLetterAndAnswersTheSurvey() =>
        browser.RunAsync(nameof(TwoInterviewersScoreIndependently_TheLeadDecidesAndSends_AndTheCandidateReadsTheLetterAndAnswersTheSurvey), async lead =>
        {
            var server = mailing.Server;
            var coordinator = await AdminFlows.SignInAsync(lead, server);
            await using var firstContext = await browser.Browser.NewContextAsync();
            await using var secondContext = await browser.Browser.NewContextAsync();
            var first = await AdminFlows.InviteInterviewerAsync(coordinator, firstContext, server, First, "iris@example.com");
            var second = await AdminFlows.InviteInterviewerAsync(coordinator, secondContext, server, Second, "omar@example.com");
            first.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            second.Dialog += async (_, dialog) => await dialog.AcceptAsync();

            // 1. The coordinator plans the interview with the two of them on the panel (and leads the debrief: "Me").
            await coordinator.GotoAsync($"{server.BaseUrl}/");
            var firstLink = await AdminFlows.PlanAsync(coordinator, Candidate, "mle-coding-screen", 3, [First, Second]);
            var interviewPath = await coordinator.GetByRole(AriaRole.Link, new() { Name = "Open the interview" }).GetAttributeAsync("href");
            var loopPath = await coordinator.GetByRole(AriaRole.Link, new() { Name = "The loop" }).GetAttributeAsync("href");
            Assert.Matches("^/interviews/[0-9a-f-]{36}$", interviewPath);
            Assert.Matches("^/loops/[0-9a-f-]{36}$", loopPath);
            var debrief = $"{server.BaseUrl}{loopPath}/debrief";

            // 2. Both open the room; the first uses a question and ends the interview.
            // The status line announces the connection, then whoever joins after it: the second opens the room once the first is in.
            await first.GotoAsync($"{server.BaseUrl}{interviewPath}/room");
            await Assertions.Expect(first.Locator("[data-region=status]")).ToHaveTextAsync("Connected.");
            await second.GotoAsync($"{server.BaseUrl}{interviewPath}/room");
            await Assertions.Expect(second.Locator("[data-region=status]")).ToHaveTextAsync("Connected.");
            await Assertions.Expect(first.Locator("[data-region=status]")).ToHaveTextAsync("Omar Interviewer joined.");
            await first.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(1).ClickAsync();
            await first.GetByRole(AriaRole.Button, new() { Name = "Use Numerically stable softmax and cross-entropy" }).ClickAsync();
            await first.GetByRole(AriaRole.Button, new() { Name = "End interview" }).ClickAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Link, new() { Name = "Write your scorecard" })).ToBeVisibleAsync();
            await Assertions.Expect(second.GetByRole(AriaRole.Link, new() { Name = "Write your scorecard" })).ToBeVisibleAsync();

            // 3. The first submits; the second sees nothing of it until theirs is in.
            var firstMarker = $"first-evidence-{Guid.NewGuid():N}";
            var secondMarker = $"second-evidence-{Guid.NewGuid():N}";
            await first.GetByRole(AriaRole.Link, new() { Name = "Write your scorecard" }).ClickAsync();
            await SubmitScorecardAsync(first, $"Subtracted the maximum before exponentiating ({firstMarker}).");

            await second.GotoAsync(debrief);
            await Assertions.Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Submit yours first" })).ToBeVisibleAsync();
            Assert.DoesNotContain(firstMarker, await second.ContentAsync(), StringComparison.Ordinal);
            await second.GotoAsync($"{server.BaseUrl}{loopPath}");
            Assert.DoesNotContain(firstMarker, await second.ContentAsync(), StringComparison.Ordinal);

            await second.GotoAsync($"{server.BaseUrl}{interviewPath}/scorecard");
            Assert.DoesNotContain(firstMarker, await second.ContentAsync(), StringComparison.Ordinal);
            await SubmitScorecardAsync(second, $"Explained the overflow and tested a large input ({secondMarker}).");
            await second.GotoAsync(debrief);
            await Assertions.Expect(second.GetByRole(AriaRole.Heading, new() { Name = $"Debrief: {Candidate} for ML Engineer" })).ToBeVisibleAsync();
            // Side by side: each interviewer's scorecard under their name, with their own evidence.
            var scorecards = second.GetByRole(AriaRole.Region, new() { Name = "Scorecards", Exact = true }).GetByRole(AriaRole.Article);
            await Assertions.Expect(scorecards.Filter(new() { Has = second.GetByRole(AriaRole.Heading, new() { Name = First }) })).ToContainTextAsync(firstMarker);
            await Assertions.Expect(scorecards.Filter(new() { Has = second.GetByRole(AriaRole.Heading, new() { Name = Second }) })).ToContainTextAsync(secondMarker);

            // 4. The lead records the decision with its rationale.
            const string rationale = "Both scorecards show careful numerics and clear reasoning about overflow.";
            await coordinator.GotoAsync(debrief);
            var decision = coordinator.GetByRole(AriaRole.Region, new() { Name = "Decision" });
            await Assertions.Expect(decision).ToContainTextAsync("No decision yet.");
            await decision.GetByLabel("Hire", new() { Exact = true }).CheckAsync();
            await decision.GetByLabel(new Regex("^Rationale")).FillAsync(rationale);
            await decision.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
            await Assertions.Expect(coordinator.GetByRole(AriaRole.Region, new() { Name = "Decision" }).GetByRole(AriaRole.Listitem))
                .ToContainTextAsync(new Regex($"^Hire, by Avery Admin on .*: {Regex.Escape(rationale)}$"));

            // 5. The lead approves the drafted letter, then sends it.
            await coordinator.GotoAsync($"{server.BaseUrl}{loopPath}/feedback");
            await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = $"Feedback for {Candidate}" })).ToBeVisibleAsync();
            var outcome = await coordinator.GetByLabel(new Regex("^Outcome")).InputValueAsync();
            Assert.StartsWith("We are delighted to tell you", outcome, StringComparison.Ordinal);
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "Save and approve" }).ClickAsync();
            await Assertions.Expect(coordinator.GetByText("(approved by Avery Admin)")).ToBeVisibleAsync();
            await coordinator.GetByRole(AriaRole.Button, new() { Name = $"Send to {Candidate}" }).ClickAsync();
            await Assertions.Expect(coordinator.GetByText("The candidate reads it on their page too.")).ToBeVisibleAsync();
            // The letter's text never carries the panel's evidence.
            Assert.DoesNotContain(firstMarker, await coordinator.ContentAsync(), StringComparison.Ordinal);

            // 6. The email arrives at the SMTP server; its link opens the candidate's page in a fresh context.
            var mail = await mailing.Mail.MessageAsync(m => m.Subject == "Feedback from your interviews for ML Engineer", "the feedback letter");
            Assert.Equal("candidate@example.org", Assert.Single(mail.To.Mailboxes).Address);
            var body = Assert.IsType<string>(mail.TextBody);
            Assert.Contains("We are delighted to tell you", body, StringComparison.Ordinal);
            var link = Regex.Match(body, @"http://127\.0\.0\.1:\d+/c/[A-Za-z0-9_-]{43}(?![/A-Za-z0-9_-])").Value;
            Assert.NotEqual("", link);
            Assert.NotEqual(firstLink, link);
            Assert.DoesNotContain(firstMarker, body, StringComparison.Ordinal);

            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync(link);
            await Assertions.Expect(candidate.GetByRole(AriaRole.Heading, new() { Name = $"Hello, {Candidate}" })).ToBeVisibleAsync();
            var letter = candidate.GetByRole(AriaRole.Region, new() { Name = "Your feedback" });
            await Assertions.Expect(letter).ToContainTextAsync(outcome.Split('\n')[0].Trim());
            Assert.DoesNotContain(firstMarker, await candidate.ContentAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(rationale, await candidate.ContentAsync(), StringComparison.Ordinal);

            // 7. The candidate answers the survey from that page and is thanked.
            await candidate.GetByRole(AriaRole.Link, new() { Name = "Answer the survey" }).ClickAsync();
            await Assertions.Expect(candidate.GetByRole(AriaRole.Heading, new() { Name = "How was your interview?" })).ToBeVisibleAsync();
            foreach (var question in SurveyQuestions.All)
            {
                await candidate.GetByRole(AriaRole.Group, new() { Name = question.Text }).GetByLabel(question.LabelOf(4), new() { Exact = true }).CheckAsync();
            }

            await candidate.GetByLabel(new Regex("^Anything else you would like to tell us")).FillAsync("Calm panel; the hint came at the right moment.");
            await candidate.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
            await Assertions.Expect(candidate.GetByText("Thank you. Your answers are in; they help us make interviews fairer and kinder.")).ToBeVisibleAsync();
            await candidate.GotoAsync(link);
            await Assertions.Expect(candidate.GetByRole(AriaRole.Region, new() { Name = "How was it for you?" })).ToContainTextAsync("Thank you for answering our short survey");
        });

    /// <summary>On the scorecard page: rates the first signal 3 with the evidence given, recommends yes, submits and locks.</summary>
    private static async Task SubmitScorecardAsync(IPage page, string evidence)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/interviews/[0-9a-f-]+/scorecard$"));
        await page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^3 · ") }).First.CheckAsync();
        await page.GetByLabel(new Regex("^Evidence for ")).First.FillAsync(evidence);
        await page.GetByLabel("Yes", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Why, in a sentence").FillAsync("Solid numerics, explained clearly.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit and lock" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Submitted. Your scorecard is locked")).ToBeVisibleAsync();
    }
}
