using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// Shadows in the room, at the hub: a shadow sees the panel's view and changes nothing the
/// candidate sees; in a reverse-shadowed interview the trainee leads until an interviewer takes
/// over, and only that interviewer hands the lead back. Each refusal is the watcher's, never a
/// validation error that happens to fail too, and the candidate's bytes carry nothing of who leads.
/// </summary>
public sealed class ShadowRoomTests
{
    [Fact]
    public async Task AShadow_SeesThePanelsView_AndEveryCallThatWouldChangeTheCandidatesScreen_IsRefused()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var shadow = await app.CreateStaffAsync(StaffRoles.Interviewer, "Sam Shadow");
        await ShadowSteps.SetPanelAsync(world, [world.InterviewerOnA.Id], new ShadowRequest(shadow.Id, "shadow", "learning to interview for this team"));
        var id = world.InterviewA.Interview.Id;
        await using var lead = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await using var watcher = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(shadow));
        var leadPad = await RoomTestSteps.JoinAndOpenPadAsync(lead.Hub, id);
        var joined = await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        var view = await watcher.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        var pad = await watcher.Hub.InvokeAsync<PadOpened>("OpenPad");

        // The panel's view, with the rubric and ladders, but not the controls.
        Assert.Equal(new PanelPartView("shadow", false, false, false, view.Part.Says), view.Part);
        Assert.NotEmpty(view.Questions);
        Assert.Contains("You are shadowing", view.Part.Says, StringComparison.Ordinal);
        Assert.Equal("Sam Shadow will watch and take no part: learning to interview for this team.", Assert.Single(joined.Shadowing));

        await AssertWatchingAsync(watcher.Hub, id, pad.Version);

        // What is the panel's own stays open to them, and what they watch still reaches them.
        await watcher.Hub.InvokeAsync("AddNote", id, "Good clarifying question at the start.", (string?)null);
        var edit = RoomTestSteps.NextAsync<IReadOnlyList<PadUpdateMessage>>(watcher.Hub, "PadUpdated");
        Assert.True((await RoomTestSteps.PushAsync(lead.Hub, leadPad.Version, "[[0,\"x = 1\"]]")).Accepted);
        Assert.Single(await edit);

        // The candidate sees them as someone who watches, and nothing of the panel's wording.
        var present = (await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate")).Present;
        Assert.Contains(new PresentPersonView("Sam Shadow", "shadow"), present);
        Assert.Contains(new PresentPersonView("Ada Interviewer", "interviewer"), present);
        Assert.DoesNotContain("You are shadowing", candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("Good clarifying question", candidate.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReverseShadow_Leads_UntilAnInterviewerTakesOver_AndOnlyThatInterviewerHandsItBack()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var trainee = await app.CreateStaffAsync(StaffRoles.Interviewer, "Tia Trainee");
        var shadow = await app.CreateStaffAsync(StaffRoles.Interviewer, "Sam Shadow");
        await ShadowSteps.SetPanelAsync(world, [world.InterviewerOnA.Id, world.InterviewerOnB.Id],
            new ShadowRequest(trainee.Id, "reverse-shadow"), new ShadowRequest(shadow.Id, "shadow"));
        var id = world.InterviewA.Interview.Id;
        await using var tia = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(trainee));
        await using var ada = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var bob = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnB));
        await using var sam = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(shadow));
        await using var admin = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.Admin));
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        var tiaView = await tia.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        var adaView = await ada.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await bob.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await sam.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        var adminView = await admin.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        var candidateView = await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        var tiaPad = await tia.Hub.InvokeAsync<PadOpened>("OpenPad");
        var adaPad = await ada.Hub.InvokeAsync<PadOpened>("OpenPad");

        // The trainee leads; the interviewers (and staff not on the panel) watch; only the panel's interviewers may take over.
        Assert.True(tiaView.Part.MayAct);
        Assert.Equal(new PanelPartView("interviewer", false, true, false, "Tia Trainee leads this interview; you watch. Take over if they need you."), adaView.Part);
        Assert.Equal(new PanelPartView("staff", false, false, false, adminView.Part.Says), adminView.Part);
        Assert.Contains(
            "Tia Trainee leads this interview: they are learning how we interview. Ada Interviewer and Bob Interviewer will watch and may step in.",
            candidateView.Shadowing);
        await tia.Hub.InvokeAsync("MoveToSection", id, 1);
        await AssertWatchingAsync(ada.Hub, id, adaPad.Version + 0);
        foreach (var notAnInterviewer in new[] { tia, sam, admin })
        {
            var notTheirs = await Assert.ThrowsAsync<HubException>(() => notAnInterviewer.Hub.InvokeAsync<PanelPartView>("TakeTheLead", id));
            Assert.Contains(RoomLead.NotAnInterviewer, notTheirs.Message, StringComparison.Ordinal);
        }

        var hadToWait = await Assert.ThrowsAsync<HubException>(() => ada.Hub.InvokeAsync<PanelPartView>("HandBackTheLead", id));
        Assert.Contains("Only the interviewer who took over", hadToWait.Message, StringComparison.Ordinal);

        // Ada takes over: every panel screen hears it; Ada acts, Tia and Bob watch.
        var tiaHears = RoomTestSteps.NextAsync<string>(tia.Hub, "LeadChanged");
        var taken = await ada.Hub.InvokeAsync<PanelPartView>("TakeTheLead", id);
        Assert.Equal("Ada Interviewer took over from Tia Trainee.", await tiaHears);
        Assert.Equal(new PanelPartView("interviewer", true, false, true, "You took over from Tia Trainee. Hand the lead back when they are ready."), taken);
        Assert.Equal(new PanelPartView("reverse-shadow", false, false, false, "Ada Interviewer took over; you watch now. They may hand the lead back."), await tia.Hub.InvokeAsync<PanelPartView>("MyPart", id));
        Assert.Equal("Ada Interviewer took over from Tia Trainee; you watch.", (await bob.Hub.InvokeAsync<PanelPartView>("MyPart", id)).Says);
        var current = (await ada.Hub.InvokeAsync<PadOpened>("OpenPad")).Version;
        await AssertWatchingAsync(tia.Hub, id, tiaPad.Version);
        Assert.True((await RoomTestSteps.PushAsync(ada.Hub, current, "[[0,\"# Ada\"]]")).Accepted);
        await ada.Hub.InvokeAsync("MoveToSection", id, 2);

        // Bob may take it from Ada too (both are interviewers); then only Bob hands it back.
        await bob.Hub.InvokeAsync<PanelPartView>("TakeTheLead", id);
        await Assert.ThrowsAsync<HubException>(() => ada.Hub.InvokeAsync<PanelPartView>("HandBackTheLead", id));
        var already = await Assert.ThrowsAsync<HubException>(() => bob.Hub.InvokeAsync<PanelPartView>("TakeTheLead", id));
        Assert.Contains("You lead this interview already.", already.Message, StringComparison.Ordinal);
        var back = await bob.Hub.InvokeAsync<PanelPartView>("HandBackTheLead", id);
        Assert.False(back.MayAct);
        Assert.True((await tia.Hub.InvokeAsync<PanelPartView>("MyPart", id)).MayAct);
        await tia.Hub.InvokeAsync("MoveToSection", id, 0);

        // The log keeps who led when, for the panel alone; the candidate's connection heard none of it.
        var panelLog = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Interviewers, CancellationToken.None));
        Assert.Equal(["Ada Interviewer", "Bob Interviewer"], panelLog.Select(e => e.Payload).OfType<LeadTaken>().Select(t => t.Name));
        Assert.Single(panelLog, e => e.Payload is LeadHandedBack { Name: "Bob Interviewer" });
        var everyone = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Everyone, CancellationToken.None));
        Assert.DoesNotContain(everyone, e => e.Payload is LeadTaken or LeadHandedBack);
        Assert.Contains("SectionChanged", candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("LeadChanged", candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("took over", candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("mayAct", candidate.Received, StringComparison.Ordinal);

        // And the candidate may not touch the lead.
        var refused = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<PanelPartView>("TakeTheLead", id));
        Assert.Contains(RoomAccess.NotThePanel, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAReverseShadow_NobodyTakesTheLead_AndEveryInterviewerActsAsBefore()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var ada = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var admin = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.Admin));
        var view = await ada.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        var adminView = await admin.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);

        Assert.Equal(new PanelPartView("interviewer", true, false, false, ""), view.Part);
        Assert.Equal(new PanelPartView("staff", true, false, false, ""), adminView.Part);
        var refused = await Assert.ThrowsAsync<HubException>(() => ada.Hub.InvokeAsync<PanelPartView>("TakeTheLead", id));
        Assert.Contains("Nobody is training in this interview", refused.Message, StringComparison.Ordinal);
        await admin.Hub.InvokeAsync("MoveToSection", id, 1);
    }

    /// <summary>Every call that would change what the candidate sees is refused as watching, not for anything else.</summary>
    private static async Task AssertWatchingAsync(HubConnection hub, Guid id, int version)
    {
        List<Func<Task>> calls =
        [
            () => RoomTestSteps.PushAsync(hub, version, "[0,\"x\"]"),
            () => hub.InvokeAsync("MoveCursor", version, 0, 0),
            () => hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "python"),
            () => hub.InvokeAsync<PadPushed>("LoadStarterCode"),
            () => hub.InvokeAsync("MoveToSection", id, 1),
            () => hub.InvokeAsync("ChooseQuestion", id, 1, "two-sum"),
            () => hub.InvokeAsync("RevealHint", id, "two-sum", 1),
            () => hub.InvokeAsync<RunStartedView>("Run", id, "python", (string?)null),
            () => hub.InvokeAsync<InterviewEndedView>("EndInterview", id),
        ];
        foreach (var call in calls)
        {
            var refused = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains(RoomLead.Watching, refused.Message, StringComparison.Ordinal);
        }
    }
}
