using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>Large pastes and leaving the tab are neutral facts for the interviewer, and never travel to the candidate.</summary>
public sealed class SessionFactTests
{
    [Fact]
    public async Task PasteAndTabFacts_ReachTheInterviewer_AndNoneOfThemReachesAnyCandidateConnection()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var candidateRoom = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await candidateRoom.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        var (candidatePad, _) = await OpenCandidatePadAsync(app, world);
        await using var _p = candidatePad;

        var facts = new List<FactView>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = interviewer.Hub.On<FactView>("FactRecorded", fact =>
        {
            lock (facts)
            {
                facts.Add(fact);
                if (facts.Count == 3)
                {
                    third.TrySetResult();
                }
            }
        });
        Assert.True((await PushAsync(candidatePad.Hub, 0, $"[[0,\"{new string('p', 300)}\"]]")).Accepted);
        await candidateRoom.Hub.InvokeAsync("RecordFact", SessionFact.LargePaste, "300 characters, 12 lines");
        await candidateRoom.Hub.InvokeAsync("RecordFact", SessionFact.TabHidden, (string?)null);
        await candidateRoom.Hub.InvokeAsync("RecordFact", SessionFact.TabVisible, "after 40 s");
        await third.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var rejoined = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await rejoined.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        await RoomTestSteps.JoinAndOpenPadAsync(candidatePad.Hub);

        Assert.Equal([SessionFact.LargePaste, SessionFact.TabHidden, SessionFact.TabVisible], facts.Select(f => f.Kind));
        Assert.Equal("after 40 s", facts[2].Detail);
        foreach (var connection in new[] { candidateRoom, rejoined, candidatePad })
        {
            foreach (var secret in new[] { SessionFact.LargePaste, SessionFact.TabHidden, SessionFact.TabVisible, "300 characters", "after 40 s", "FactRecorded" })
            {
                Assert.DoesNotContain(secret, connection.Received, StringComparison.Ordinal);
            }
        }

        var everyone = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Everyone, CancellationToken.None));
        Assert.DoesNotContain(everyone, e => e.Payload is SessionFact);
    }
}
