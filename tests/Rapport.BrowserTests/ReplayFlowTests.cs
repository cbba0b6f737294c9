using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

public sealed class ReplayFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public Task TheAddressAndTheHeaderFollowThePlayer_AndAReloadOpensTheSameMoment() =>
        browser.RunAsync(nameof(TheAddressAndTheHeaderFollowThePlayer_AndAReloadOpensTheSameMoment), async context =>
        {
            var interviewer = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(interviewer, "Sam Candidate", "mle-coding-screen", 9);
            await AdminFlows.OpenRoomAsync(interviewer);
            var room = interviewer.Url;
            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            var candidatePad = candidate.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            await candidatePad.ClickAsync();
            await candidatePad.PressSequentiallyAsync("answer = 7", new() { Delay = 15 });
            await Assertions.Expect(interviewer.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" })).ToHaveTextAsync("answer = 7");

            var replay = new Uri(room.Replace("/room", "/replay", StringComparison.Ordinal));
            await interviewer.GotoAsync(replay.ToString());
            var header = interviewer.Locator("[data-moment-header]");
            var code = interviewer.Locator("[data-region=code]");
            await Assertions.Expect(code).ToHaveTextAsync("answer = 7");
            await Assertions.Expect(header).ToHaveTextAsync(new Regex(@"^Moment (\d+) of \1 "));

            // Seek to the first moment from the timeline: the header and the address follow, and the address is the replay's own.
            await interviewer.Locator("ol.timeline a").First.ClickAsync();
            await Assertions.Expect(code).ToHaveTextAsync("(empty)");
            await Assertions.Expect(header).ToHaveTextAsync(new Regex(@"^Moment 1 of \d+ · .+ · .+ joined$"));
            await Assertions.Expect(interviewer).ToHaveURLAsync(new Regex($"{Regex.Escape(replay.AbsolutePath)}\\?at=1$"));
            await Assertions.Expect(interviewer.Locator("a[data-step=next]")).ToHaveAttributeAsync("href", $"{replay.AbsolutePath}?at=2");

            // Reloading (or sharing) that address opens the same moment, not the dashboard.
            await interviewer.ReloadAsync();
            await Assertions.Expect(header).ToHaveTextAsync(new Regex(@"^Moment 1 of \d+ "));
            await Assertions.Expect(code).ToHaveTextAsync("(empty)");

            // Next steps the player in place; the previous step's link now points back to moment 1.
            await interviewer.Locator("a[data-step=next]").ClickAsync();
            await Assertions.Expect(header).ToHaveTextAsync(new Regex(@"^Moment 2 of \d+ "));
            await Assertions.Expect(interviewer).ToHaveURLAsync(new Regex($"{Regex.Escape(replay.AbsolutePath)}\\?at=2$"));
            await Assertions.Expect(interviewer.Locator("a[data-step=previous]")).ToHaveAttributeAsync("href", $"{replay.AbsolutePath}?at=1");

            // Playing to the end moves the header along to the last moment.
            await interviewer.GetByLabel("Speed").SelectOptionAsync("16");
            await interviewer.GetByRole(AriaRole.Button, new() { Name = "Play" }).ClickAsync();
            await Assertions.Expect(interviewer.Locator("[data-replay-status]")).ToHaveTextAsync("The end of the interview.", new() { Timeout = 30_000 });
            await Assertions.Expect(header).ToHaveTextAsync(new Regex(@"^Moment (\d+) of \1 "));
            await Assertions.Expect(code).ToHaveTextAsync("answer = 7");
            var end = Regex.Match(await header.InnerTextAsync(), @"^Moment (\d+)").Groups[1].Value;
            await Assertions.Expect(interviewer).ToHaveURLAsync(new Regex($"{Regex.Escape(replay.AbsolutePath)}\\?at={end}$"));
        });
}
