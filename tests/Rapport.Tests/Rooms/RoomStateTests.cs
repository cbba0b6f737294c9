using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>
/// An open room's state and material are kept, not rebuilt per call: the log is read and the
/// pinned versions parsed once per room, the kept state follows every committed event, and what
/// reaches the candidate is still only what everyone may see.
/// </summary>
public sealed class RoomStateTests
{
    private static string Json(RoomState state) => JsonSerializer.Serialize(state);

    [Fact]
    public void EveryEventOnlyThePanelMaySee_LeavesNoTraceInWhatEveryoneSees()
    {
        // Every payload type the panel alone may read, found by reflection so a new one cannot be forgotten.
        var panelOnly = typeof(RoomEventPayload).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(RoomEventPayload)) && !t.IsAbstract)
            .Select(t => (RoomEventPayload)RuntimeHelpers.GetUninitializedObject(t))
            .Where(p => p.Audience == RoomAudience.Interviewers)
            .ToList();
        Assert.Contains(panelOnly, p => p is NoteAdded);
        Assert.Contains(panelOnly, p => p is SessionFact);

        var at = DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var everyone = RoomState.Empty.With(at, new SectionChanged(1, "Coding")).With(at.AddMinutes(1), new QuestionChosen(1, "two-sum", 3));
        var withPanelEvents = panelOnly.Aggregate(everyone, (state, payload) => state.With(at.AddMinutes(2), payload));

        Assert.Equal(Json(everyone), Json(withPanelEvents.SeenBy(RoomAudience.Everyone)));
        Assert.Equal(Json(everyone), Json(withPanelEvents.SeenBy(RoomAudience.Everyone).SeenBy(RoomAudience.Interviewers)));
        Assert.NotEqual(Json(everyone), Json(withPanelEvents.SeenBy(RoomAudience.Interviewers)));
    }

    [Fact]
    public async Task AnOpenRoom_ReadsItsLogAndParsesItsVersionsOnce_AndItsKeptStateIsTheLogsState()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var states = app.Services.GetRequiredService<RoomStates>();
        var materials = app.Services.GetRequiredService<PinnedMaterials>();
        var (statesBefore, materialsBefore) = (states.Loads, materials.Loads);

        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await interviewer.Hub.InvokeAsync("MoveToSection", id, 1);
        await interviewer.Hub.InvokeAsync("ChooseQuestion", id, 1, "two-sum");
        await interviewer.Hub.InvokeAsync("AddNote", id, "Private: strong on hashing", "problem-solving");
        var (pad, opened) = await OpenCandidatePadAsync(app, world);
        await using (pad)
        {
            // An insertion at the start, keeping the rest (an empty pad has no rest: a 0 kept span is refused).
            var insert = opened.Text.Length == 0 ? "[[0, \"# mine\", \"\"]]" : $"[[0, \"# mine\", \"\"], {opened.Text.Length}]";
            var pushed = await PushAsync(pad.Hub, opened.Version, insert);
            Assert.True(pushed.Accepted, pushed.Problem);
            await pad.Hub.InvokeAsync<IReadOnlyList<PadLanguage>>("Languages");
            await interviewer.Hub.InvokeAsync("RevealHint", id, "two-sum", 1);
            await interviewer.Hub.InvokeAsync("MoveToSection", id, 2);
            // The language check reads the current question from the kept state: section 2 has none chosen, so the last one chosen (two-sum) counts.
            await pad.Hub.InvokeAsync<IReadOnlyList<PadLanguage>>("Languages");
        }

        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        var candidateView = await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        var panelView = await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);

        Assert.Equal(1, states.Loads - statesBefore);
        Assert.Equal(1, materials.Loads - materialsBefore);

        // What was kept, event by event, is what the whole log says now, for both audiences.
        using var scope = app.Services.CreateScope();
        var log = scope.ServiceProvider.GetRequiredService<RoomLog>();
        var ct = CancellationToken.None;
        var fromLog = RoomState.From(await log.ReadAsync(id, RoomAudience.Interviewers, ct));
        var fromEveryonesEvents = RoomState.From(await log.ReadAsync(id, RoomAudience.Everyone, ct));
        Assert.Equal(Json(fromLog), Json(await log.StateAsync(id, RoomAudience.Interviewers, ct)));
        Assert.Equal(Json(fromEveryonesEvents), Json(await log.StateAsync(id, RoomAudience.Everyone, ct)));
        Assert.Equal(2, fromLog.SectionIndex);
        Assert.Single(fromLog.Notes);
        Assert.Single(fromLog.Hints);

        Assert.Single(panelView.Notes);
        Assert.Single(candidateView.Hints);
        Assert.DoesNotContain("strong on hashing", JsonSerializer.Serialize(candidateView), StringComparison.Ordinal);
    }
}
