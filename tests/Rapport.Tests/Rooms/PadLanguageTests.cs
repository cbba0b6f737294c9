using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

public sealed class PadLanguageTests
{
    private const string Starter = "def two_sum(numbers, target):\n    pass";

    [Fact]
    public async Task LanguageSwitch_IsSeenByBothSides_Logged_AndLoadsTheStarterCodeIntoAnEmptyPad()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await ChooseTwoSumAsync(app, world);
        var (interviewer, _) = await OpenInterviewerPadAsync(app, world);
        var (candidate, opened) = await OpenCandidatePadAsync(app, world);
        await using var _i = interviewer;
        await using var _c = candidate;
        Assert.Equal("python", opened.Language);
        Assert.Equal(["python", "text"], opened.Languages.Select(l => l.Id));

        var toText = NextAsync<PadLanguageView>(interviewer.Hub, "LanguageSwitched");
        var plain = await candidate.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "text");
        Assert.Equal(new PadLanguageView("text", "Plain text", "Alice Candidate"), await toText);
        Assert.Equal(new PadLanguageSwitched("text", false, false), plain);

        var starter = NextAsync<IReadOnlyList<PadUpdateMessage>>(candidate.Hub, "PadUpdated");
        var back = await interviewer.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "python");
        Assert.Equal(new PadLanguageSwitched("python", true, false), back);
        Assert.Equal(0, Assert.Single(await starter).Version);

        var reopened = await interviewer.Hub.InvokeAsync<PadOpened>("OpenPad");
        Assert.Equal((1, Starter, "python"), (reopened.Version, reopened.Text, reopened.Language));
        var events = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(world.InterviewA.Interview.Id, RoomAudience.Everyone, CancellationToken.None));
        Assert.Equal(["text", "python"], events.Select(e => e.Payload).OfType<PadLanguageChanged>().Select(c => c.Language));
        var loaded = Assert.Single(events, e => e.Payload is PadUpdated);
        Assert.Equal((RoomActor.System, RoomActor.Interviewer), (((PadUpdated)loaded.Payload).By, loaded.Entry.Actor));
    }

    [Fact]
    public async Task QuestionChosenAfterThePadOpened_NarrowsTheLanguagesItOffers()
    {
        await using var app = await RapportTestApp.StartAsync();
        var kit = Questions.BankFiles.Kit.Replace("languages: [python]", "languages: [python, javascript]", StringComparison.Ordinal);
        var world = await InterviewWorld.CreateAsync(app, kit);
        var (candidate, opened) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;
        Assert.Equal(["python", "javascript", "text"], opened.Languages.Select(l => l.Id));

        await ChooseTwoSumAsync(app, world);

        var now = await candidate.Hub.InvokeAsync<IReadOnlyList<PadLanguage>>("Languages");
        Assert.Equal(["python", "text"], now.Select(l => l.Id));
        await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "javascript"));
    }

    [Fact]
    public async Task LanguageSwitch_NeverReplacesTheCandidatesOwnCode_ButOffersTheStarter_WhichReplacesItWhenAsked()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await ChooseTwoSumAsync(app, world);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"print('my own idea')\"]]")).Accepted);
        await candidate.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "text");

        var back = await candidate.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "python");
        var untouched = await candidate.Hub.InvokeAsync<PadOpened>("OpenPad");
        var replaced = await candidate.Hub.InvokeAsync<PadPushed>("LoadStarterCode");
        var after = await candidate.Hub.InvokeAsync<PadOpened>("OpenPad");

        Assert.Equal(new PadLanguageSwitched("python", false, true), back);
        Assert.Equal("print('my own idea')", untouched.Text);
        Assert.True(replaced.Accepted);
        Assert.Equal((2, Starter), (after.Version, after.Text));
    }

    [Fact]
    public async Task LanguageTheKitDoesNotAllow_IsRefusedToTheSenderOnly()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (interviewer, _) = await OpenInterviewerPadAsync(app, world);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _i = interviewer;
        await using var _c = candidate;

        var error = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "sql"));

        Assert.Contains("This interview's pad offers Python, Plain text.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LanguageSwitched", interviewer.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StarterCode_WithoutAChosenQuestion_IsExplained()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;

        var error = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<PadPushed>("LoadStarterCode"));

        Assert.Contains("No question has been chosen yet", error.Message, StringComparison.Ordinal);
    }
}
