using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rapport.Features.Questions.Format;

namespace Rapport.BrowserTests;

/// <summary>
/// The room as a newcomer meets it on a laptop's screen (1280×800): hints where the candidate is
/// working, the interviewer's note box always at hand, errors where the note is written, and who
/// is in the room on both sides.
/// </summary>
public sealed class RoomScreenTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    private static readonly ViewportSize Laptop = new() { Width = 1280, Height = 800 };
    private static readonly LocatorAssertionsToBeInViewportOptions Whole = new() { Ratio = 1 };

    [Fact]
    public Task RevealedHint_ShowsBesideThePad_AndTheInterviewersNoteBoxStaysOnScreen() =>
        browser.RunAsync(nameof(RevealedHint_ShowsBesideThePad_AndTheInterviewersNoteBoxStaysOnScreen), async context =>
        {
            var question = BankFolder.Read(RapportServer.BankFolder).Bank!.Question("numerically-stable-softmax")!.Document;
            var interviewer = await AdminFlows.SignInAsync(context, server);
            await interviewer.SetViewportSizeAsync(Laptop.Width, Laptop.Height);
            var link = await AdminFlows.PlanAsync(interviewer, "Hana Candidate", "mle-coding-screen", 3);
            await AdminFlows.OpenRoomAsync(interviewer);
            await Assertions.Expect(interviewer.Locator("[data-region=status]")).ToHaveTextAsync("Connected.");
            await using var candidateContext = await browser.Browser.NewContextAsync(new() { ViewportSize = Laptop });
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            await Assertions.Expect(candidate.Locator("[data-region=status]")).ToHaveTextAsync(new Regex("Connected|joined"));

            // The agenda's buttons name questions by their titles, not their ids.
            await interviewer.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(1).ClickAsync();
            await Assertions.Expect(interviewer.GetByRole(AriaRole.Button, new() { Name = $"Use {question.Id}" })).ToHaveCountAsync(0);
            await interviewer.GetByRole(AriaRole.Button, new() { Name = $"Use {question.Title}" }).ClickAsync();
            await Assertions.Expect(candidate.GetByRole(AriaRole.Heading, new() { Name = question.Title })).ToBeVisibleAsync();

            // The panel fits the screen: the note box in view, every ladder but the chosen question's folded.
            var note = interviewer.GetByRole(AriaRole.Textbox, new() { Name = "Note", Exact = true });
            await Assertions.Expect(note).ToBeInViewportAsync(Whole);
            var panel = await interviewer.Locator("[data-region=panel]").BoundingBoxAsync();
            Assert.InRange(panel!.Height, 1, Laptop.Height);
            var ladders = interviewer.Locator("[data-region=ladders] details");
            Assert.True(await ladders.CountAsync() > 1, "the kit should pin more than one question");
            await Assertions.Expect(interviewer.Locator("[data-region=ladders] details[open]")).ToHaveCountAsync(1);
            var ladder = interviewer.Locator("[data-region=ladders] details[open]");
            await Assertions.Expect(ladder).ToContainTextAsync(question.Title);

            // The candidate works in the pad; the hint arrives where they are looking, with nothing scrolled.
            var pad = candidate.Locator("[data-region=pad]");
            await pad.ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(pad).ToBeInViewportAsync();
            var scrolledTo = await candidate.EvaluateAsync<double>("window.scrollY");
            await ladder.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).First.ClickAsync();
            var hint = candidate.Locator("[data-region=hints] li").Filter(new() { HasText = question.Interviewer.Hints[0].Text });
            await Assertions.Expect(hint).ToBeInViewportAsync(Whole);
            await Assertions.Expect(pad).ToBeInViewportAsync();
            Assert.Equal(scrolledTo, await candidate.EvaluateAsync<double>("window.scrollY"));
            await Assertions.Expect(hint).ToContainTextAsync("A hint from your interviewer:");

            // The same words after a reload.
            await candidate.ReloadAsync();
            await Assertions.Expect(candidate.Locator("[data-region=hints] li").Filter(new() { HasText = question.Interviewer.Hints[0].Text }))
                .ToContainTextAsync("A hint from your interviewer:");

            // However far the interviewer scrolls the page, the note box stays on screen.
            await interviewer.EvaluateAsync("window.scrollTo(0, document.documentElement.scrollHeight)");
            Assert.True(await interviewer.EvaluateAsync<double>("window.scrollY") > 0, "the interviewer's page should be taller than the screen");
            await Assertions.Expect(note).ToBeInViewportAsync(Whole);
            await Assertions.Expect(interviewer.GetByRole(AriaRole.Button, new() { Name = "Add note" })).ToBeInViewportAsync(Whole);
        });

    [Fact]
    public Task EmptyNote_ShowsItsErrorByTheNoteBox_UntilTheNextGoodNote() =>
        browser.RunAsync(nameof(EmptyNote_ShowsItsErrorByTheNoteBox_UntilTheNextGoodNote), async context =>
        {
            var interviewer = await AdminFlows.SignInAsync(context, server);
            await interviewer.SetViewportSizeAsync(Laptop.Width, Laptop.Height);
            await AdminFlows.PlanAsync(interviewer, "Ines Candidate", "mle-coding-screen", 3);
            await AdminFlows.OpenRoomAsync(interviewer);
            await Assertions.Expect(interviewer.Locator("[data-region=status]")).ToHaveTextAsync("Connected.");
            var note = interviewer.GetByRole(AriaRole.Textbox, new() { Name = "Note", Exact = true });

            await note.FillAsync("   ");
            await interviewer.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();

            var error = interviewer.Locator("#" + await interviewer.Locator("[data-region=note-error]").GetAttributeAsync("id"));
            await Assertions.Expect(error).ToBeVisibleAsync();
            await Assertions.Expect(error).ToBeInViewportAsync(Whole);
            await Assertions.Expect(error).ToHaveTextAsync("A note needs text, at most 4000 characters.");
            await Assertions.Expect(note).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(note).ToHaveAccessibleDescriptionAsync("A note needs text, at most 4000 characters.");

            await note.FillAsync("Explained the trade-off before coding");
            await interviewer.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();

            await Assertions.Expect(interviewer.Locator("[data-region=notes]")).ToContainTextAsync("Explained the trade-off before coding");
            await Assertions.Expect(error).ToBeHiddenAsync();
            await Assertions.Expect(note).Not.ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(note).ToHaveAccessibleDescriptionAsync("");
        });

    [Fact]
    public Task BothSides_SeeWhoIsInTheRoom_AndPastThePlannedTimeTheCandidateHearsSomeoneIsComing() =>
        browser.RunAsync(nameof(BothSides_SeeWhoIsInTheRoom_AndPastThePlannedTimeTheCandidateHearsSomeoneIsComing), async context =>
        {
            var admin = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(admin, "Jun Candidate", "mle-coding-screen", 3);
            await using var candidateContext = await browser.Browser.NewContextAsync(new() { ViewportSize = Laptop });
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            var clock = candidate.Locator("[data-region=clock]");
            var candidatePresence = candidate.Locator("[data-region=presence]");

            // Before the planned time, alone: true words.
            await Assertions.Expect(candidatePresence).ToHaveTextAsync("Jun Candidate (you)");
            await Assertions.Expect(clock).ToHaveTextAsync("The interview has not started yet.");

            // Past the planned time (the page's clock moves; the room's server time follows it), still alone.
            await candidate.Clock.SetFixedTimeAsync(TimeProvider.System.GetUtcNow().AddDays(4).UtcDateTime);
            await Assertions.Expect(clock).ToHaveTextAsync("Your interviewer will be with you shortly.");

            await AdminFlows.OpenRoomAsync(admin);
            await Assertions.Expect(admin.Locator("[data-region=presence] li")).ToHaveTextAsync(["Jun Candidate (candidate)", "Avery Admin (interviewer)"]);
            await Assertions.Expect(candidate.Locator("[data-region=presence] li")).ToHaveTextAsync(["Jun Candidate (you)", "Avery Admin (interviewer)"]);
            await Assertions.Expect(clock).ToHaveTextAsync("Avery Admin is here; the interview will begin in a moment.");

            // The interviewer leaves the room: the candidate sees it at once, and hears again that someone is coming.
            await admin.GotoAsync($"{server.BaseUrl}/");
            await Assertions.Expect(candidate.Locator("[data-region=presence] li")).ToHaveTextAsync(["Jun Candidate (you)"]);
            await Assertions.Expect(clock).ToHaveTextAsync("Your interviewer will be with you shortly.");
        });
}
