using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// A connection may join only the interview its address names (<see cref="RoomAddress"/>): with
/// several servers the name decides which server serves the room, so joining another room through
/// it would give that room a second server. Refused before anything happens to either interview.
/// </summary>
public sealed class RoomAddressTests
{
    [Fact]
    public async Task AnInterviewerJoiningAnotherInterviewThanTheAddressNames_IsRefused_AndThatInterviewDoesNotStart()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (a, b) = (world.InterviewA.Interview.Id, world.InterviewB.Interview.Id);
        var cookies = await app.SignedInCookiesAsync(world.InterviewerOnA);
        await using var namingB = await RoomConnection.OpenAsync(app, cookies, path: RoomAddress.For(b));

        var refused = await Assert.ThrowsAsync<HubException>(() => namingB.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", a));

        Assert.Contains(RoomAddress.OtherInterview, refused.Message, StringComparison.Ordinal);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        Assert.Equal("planned", (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{a}"))!.Status);
        await using var namingA = await RoomConnection.OpenAsync(app, cookies, path: RoomAddress.For(a));
        await namingA.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", a);
        Assert.Equal("in-progress", (await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{a}"))!.Status);
    }

    [Fact]
    public async Task ACandidatesLinkThroughAnAddressNamingAnotherInterview_IsRefused()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await using var namingB = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA, path: RoomAddress.For(world.InterviewB.Interview.Id));

        var refused = await Assert.ThrowsAsync<HubException>(() => namingB.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate"));

        Assert.Contains(RoomAddress.OtherInterview, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(world.InterviewB.Interview.Id.ToString(), namingB.Received, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?interview=not-an-id")]
    [InlineData("?interview=")]
    public async Task AnAddressThatNamesNoInterview_IsRefusedWithWhatToName(string query)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await using var odd = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA, path: RoomHub.Path + query);

        var refused = await Assert.ThrowsAsync<HubException>(() => odd.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate"));

        Assert.Contains(RoomAddress.NotAnInterview, refused.Message, StringComparison.Ordinal);
    }
}
