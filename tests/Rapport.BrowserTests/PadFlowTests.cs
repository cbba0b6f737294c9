using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

public sealed class PadFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public Task InterviewerAndCandidateTypeAtTheSameTime_AndThePadsConverge() =>
        browser.RunAsync(nameof(InterviewerAndCandidateTypeAtTheSameTime_AndThePadsConverge), async context =>
        {
            var interviewer = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(interviewer, "Pat Candidate", "mle-coding-screen", 4);
            await AdminFlows.OpenRoomAsync(interviewer);

            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            var candidatePad = candidate.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            var interviewerPad = interviewer.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            await Assertions.Expect(candidatePad).ToBeVisibleAsync();
            await Assertions.Expect(interviewerPad).ToBeVisibleAsync();

            // Both type at once from the same spot: the characters may interleave, but both pads
            // must end with the same text holding every character either of them typed.
            await Task.WhenAll(TypeAsync(candidatePad, "abcdefghij"), TypeAsync(interviewerPad, "0123456789"));

            // The documents are read line by line (never innerText, which a remote caret widget
            // or CodeMirror's line-end <br> can give a stray newline).
            await Assertions.Expect(candidatePad).ToHaveTextAsync(new Regex("^[a-j0-9]{20}$"));
            await Assertions.Expect(interviewerPad).ToHaveTextAsync(new Regex("^[a-j0-9]{20}$"));
            var candidateText = await DocumentAsync(candidatePad);
            Assert.Equal(string.Concat("abcdefghij0123456789".Order()), string.Concat(candidateText.Order()));
            await Assertions.Expect(interviewerPad.Locator(".cm-line")).ToHaveTextAsync([candidateText]);
        });

    [Fact]
    public Task EachSideSeesTheOthersCursorWithTheirName_AndTheLanguageSwitch() =>
        browser.RunAsync(nameof(EachSideSeesTheOthersCursorWithTheirName_AndTheLanguageSwitch), async context =>
        {
            var interviewer = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(interviewer, "Quinn Candidate", "mle-coding-screen", 5);
            await AdminFlows.OpenRoomAsync(interviewer);
            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            var candidatePad = candidate.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            var interviewerPad = interviewer.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });

            await TypeAsync(candidatePad, "x = 1");
            await Assertions.Expect(interviewerPad).ToHaveTextAsync("x = 1");
            await Assertions.Expect(interviewer.GetByRole(AriaRole.Img, new() { Name = "Quinn Candidate's cursor" })).ToBeVisibleAsync();
            await interviewerPad.ClickAsync();
            await Assertions.Expect(candidate.GetByRole(AriaRole.Img, new() { Name = "Avery Admin's cursor" })).ToBeVisibleAsync();

            // The kit allows Python; plain text is always there. The switch shows on both sides.
            await candidate.GetByLabel("Language", new() { Exact = true }).SelectOptionAsync("Plain text");
            await Assertions.Expect(interviewer.GetByLabel("Language", new() { Exact = true })).ToHaveValueAsync("text");
            Assert.Equal(["Python", "Plain text"], await interviewer.GetByLabel("Language", new() { Exact = true }).Locator("option").AllInnerTextsAsync());

            // A large paste is a plain fact on the interviewer's side, and nothing on the candidate's.
            await candidatePad.EvaluateAsync("""
                (pad, text) => {
                    const data = new DataTransfer();
                    data.setData("text/plain", text);
                    pad.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
                }
                """, string.Join("\n", Enumerable.Repeat(new string('p', 59), 5)));
            await Assertions.Expect(interviewer.Locator("[data-region=facts]")).ToContainTextAsync("Pasted into the pad: 299 characters, 5 lines");
            Assert.DoesNotContain("Pasted", await candidate.ContentAsync(), StringComparison.Ordinal);
        });

    [Fact]
    public Task ReplayShowsTheFinalCode_PlaysAt16x_AndJumpsToAMomentOfTheTimeline() =>
        browser.RunAsync(nameof(ReplayShowsTheFinalCode_PlaysAt16x_AndJumpsToAMomentOfTheTimeline), async context =>
        {
            var interviewer = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(interviewer, "Robin Candidate", "mle-coding-screen", 8);
            await AdminFlows.OpenRoomAsync(interviewer);
            var room = interviewer.Url;
            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            var candidatePad = candidate.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            await TypeAsync(candidatePad, "total = 42");
            await Assertions.Expect(interviewer.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" })).ToHaveTextAsync("total = 42");

            await interviewer.GotoAsync(room.Replace("/room", "/replay", StringComparison.Ordinal));
            var code = interviewer.Locator("[data-region=code]");
            await Assertions.Expect(code).ToHaveTextAsync("total = 42");

            // Jump to the first moment (someone joined, before any code), then play to the end at 16×.
            await interviewer.Locator("ol.timeline a").First.ClickAsync();
            await Assertions.Expect(code).ToHaveTextAsync("(empty)");
            await Assertions.Expect(interviewer.Locator("[data-replay-status]")).ToContainTextAsync("Jumped to 00:00");
            await interviewer.GetByLabel("Speed").SelectOptionAsync("16");
            await interviewer.GetByRole(AriaRole.Button, new() { Name = "Play" }).ClickAsync();
            await Assertions.Expect(interviewer.Locator("[data-replay-status]")).ToHaveTextAsync("The end of the interview.", new() { Timeout = 30_000 });
            await Assertions.Expect(code).ToHaveTextAsync("total = 42");
        });

    /// <summary>The pad's document as its lines' text joined by newlines.</summary>
    private static async Task<string> DocumentAsync(ILocator pad) =>
        string.Join("\n", await pad.Locator(".cm-line").AllTextContentsAsync());

    private static async Task TypeAsync(ILocator pad, string text)
    {
        await pad.ClickAsync();
        await pad.PressSequentiallyAsync(text, new() { Delay = 15 });
    }
}
