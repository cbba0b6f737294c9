using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>Leaving the room is logged when a person's last connection closes, once per person however many tabs they had.</summary>
public sealed class RoomAttendanceTests
{
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LeavingTheRoom_IsLoggedOncePerPerson_WhenTheirLastTabCloses_AndTheReplayShowsIt(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var cookies = await app.SignedInCookiesAsync(world.InterviewerOnA);
        var firstTab = await RoomConnection.OpenAsync(app, cookies);
        var secondTab = await RoomConnection.OpenAsync(app, cookies);
        var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await firstTab.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await secondTab.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");

        // The interviewer closes one tab, then the other; then the candidate leaves.
        await firstTab.DisposeAsync();
        await secondTab.DisposeAsync();
        var interviewerLeft = await LeftAsync(app, id, 1);
        await candidate.DisposeAsync();
        var left = await LeftAsync(app, id, 2);

        // Had the first tab's close been logged, the interviewer would have left twice by now.
        Assert.Equal([("Ada Interviewer", RoomActor.Interviewer), ("Alice Candidate", RoomActor.Candidate)], left.Select(l => (l.Payload.Name, l.Payload.Role)));
        Assert.Equal(interviewerLeft.Single().Entry.Sequence, left[0].Entry.Sequence);
        Assert.Equal(world.InterviewerOnA.Id, left[0].Entry.ActorId);
        var page = WebUtility.HtmlDecode(await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync($"/interviews/{id}/replay"));
        Assert.Contains("Ada Interviewer left the room", page, StringComparison.Ordinal);
        Assert.Contains("Alice Candidate left the room", page, StringComparison.Ordinal);
    }

    private static Task<List<(Rapport.Features.Rooms.RoomEvent Entry, ParticipantLeft Payload)>> LeftAsync(RapportTestApp app, Guid id, int count) =>
        Eventually.ReadAsync(
            async () => (await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Everyone, CancellationToken.None)))
                .Where(e => e.Payload is ParticipantLeft).Select(e => (e.Entry, (ParticipantLeft)e.Payload)).ToList(),
            left => left.Count >= count,
            $"{count} departure(s) logged");

    public static TheoryData<string> Providers => TestStorage.Providers;
}
