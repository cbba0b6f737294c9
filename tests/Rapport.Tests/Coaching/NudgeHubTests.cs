using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Coaching;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Rooms;

namespace Rapport.Tests.Coaching;

/// <summary>
/// Live nudges through the real hub: shown to the panel once, logged for the panel's eyes only,
/// put away on every panel screen; and nothing of them (not the message, not its words, not its
/// key) in the bytes a candidate's connection receives.
/// </summary>
public sealed partial class NudgeHubTests
{
    [Fact]
    public async Task ANudge_ReachesThePanelOnce_AndNeverTheCandidate_AndIsPutAwayOnEveryPanelScreen()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var watch = app.Services.GetRequiredService<NudgeWatch>();
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var secondTab = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await secondTab.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        await interviewer.Hub.InvokeAsync("MoveToSection", id, 0);

        // The introductions have 5 minutes in the kit: nothing at 4, the nudge at 5.
        app.Time.Advance(TimeSpan.FromMinutes(4));
        await watch.CheckAsync(CancellationToken.None);
        Assert.DoesNotContain("Nudged", interviewer.Received, StringComparison.Ordinal);
        var nudged = RoomTestSteps.NextAsync<NudgeView>(interviewer.Hub, "Nudged");
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await watch.CheckAsync(CancellationToken.None);
        var nudge = await nudged;
        await watch.CheckAsync(CancellationToken.None);

        Assert.Equal(NudgeRules.SectionOver, nudge.Kind);
        Assert.StartsWith("\u201cIntroductions\u201d has had its 5 min.", nudge.Says, StringComparison.Ordinal);
        Assert.Single(NudgedMessage().Matches(interviewer.Received));  // shown once, however often the room is looked at
        var panelLog = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Interviewers, CancellationToken.None));
        Assert.Single(panelLog, e => e.Payload is NudgeShown shown && shown.Key == nudge.Key);
        var everyonesLog = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Everyone, CancellationToken.None));
        Assert.DoesNotContain(everyonesLog, e => e.Payload is NudgeShown or NudgeDismissed);

        // A panel member joining now finds it; a key the room never showed is refused.
        var rejoined = await secondTab.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        Assert.Equal(nudge.Key, Assert.Single(rejoined.Nudges).Key);
        await Assert.ThrowsAsync<HubException>(() => interviewer.Hub.InvokeAsync("DismissNudge", id, "section-over:9:0"));

        var putAway = RoomTestSteps.NextAsync<string>(secondTab.Hub, "NudgeDismissed");
        await interviewer.Hub.InvokeAsync("DismissNudge", id, nudge.Key);
        Assert.Equal(nudge.Key, await putAway);
        Assert.Empty((await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id)).Nudges);
        var afterDismissing = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Interviewers, CancellationToken.None));
        Assert.Single(afterDismissing, e => e.Payload is NudgeDismissed { By: "Ada Interviewer" } d && d.Key == nudge.Key);

        // The candidate's connection, joined again, received nothing of any of it: checked in its raw bytes.
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        Assert.DoesNotContain("Nudge", candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("nudge", candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain(nudge.Key, candidate.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("has had its", candidate.Received, StringComparison.Ordinal);
        Assert.Contains("SectionChanged", candidate.Received, StringComparison.Ordinal);  // it does hear the room's news

        // And it may not put a nudge away (the refusal names the method it called, so this comes last).
        var refused = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync("DismissNudge", id, nudge.Key));
        Assert.Contains(RoomAccess.NotThePanel, refused.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex("\"target\":\"Nudged\"")]
    private static partial Regex NudgedMessage();
}
