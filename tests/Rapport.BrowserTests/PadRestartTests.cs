using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>The server process is killed and started again mid-session; its own server, so other flows never see the outage.</summary>
public sealed class PadRestartTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public Task CandidateKeepsEditsMadeWhileTheServerWasDown_AndTheyReachTheServerOnceItIsBack() =>
        browser.RunAsync(nameof(CandidateKeepsEditsMadeWhileTheServerWasDown_AndTheyReachTheServerOnceItIsBack), async context =>
        {
            var interviewer = await AdminFlows.SignInAsync(context, server);
            var link = await AdminFlows.PlanAsync(interviewer, "Sam Candidate", "mle-coding-screen", 6);
            await AdminFlows.OpenRoomAsync(interviewer);
            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync($"{link}/room");
            var candidatePad = candidate.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            var interviewerPad = interviewer.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" });
            await candidatePad.ClickAsync();
            await candidatePad.PressSequentiallyAsync("acked");
            await Assertions.Expect(interviewerPad).ToHaveTextAsync("acked");

            await server.KillAsync();
            await Assertions.Expect(candidate.Locator("[data-region=status]")).ToHaveTextAsync(new Regex("Reconnecting"));
            await candidatePad.PressSequentiallyAsync(" kept");
            await Assertions.Expect(candidatePad).ToHaveTextAsync("acked kept");
            await server.RestartAsync();

            // Sent again once reconnected, exactly once: both open pages and a fresh one agree.
            var back = new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 };
            await Assertions.Expect(interviewerPad).ToHaveTextAsync("acked kept", back);
            await Assertions.Expect(candidatePad).ToHaveTextAsync("acked kept");
            var fresh = await candidateContext.NewPageAsync();
            await fresh.GotoAsync($"{link}/room");
            await Assertions.Expect(fresh.GetByRole(AriaRole.Textbox, new() { Name = "Shared code pad" })).ToHaveTextAsync("acked kept");
        });
}
