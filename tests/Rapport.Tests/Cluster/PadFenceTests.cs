using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Cluster;

/// <summary>
/// The log is the last word on the pad's order (ADR 16): a server whose pad lags the log (it held
/// the room while another server took it over) cannot commit an update of a version the log
/// already has. Its push is refused as the pad having moved on, it reads the pad again, and the
/// editor's rebased edit lands on top. Two servers on one database, on both databases.
/// </summary>
public sealed class PadFenceTests
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task AServerWhosePadLagsTheLog_CannotCommitAVersionTheLogHas_AndTheRebasedEditLands(string provider)
    {
        await using var nodeA = await RapportTestApp.StartAsync(provider);
        var database = await nodeA.DatabaseAsync();
        await using var nodeB = await RapportTestApp.StartAsync(provider, $"--Storage:ConnectionString={database}");
        var world = await InterviewWorld.CreateAsync(nodeA);
        var interviewId = world.InterviewA.Interview.Id;
        await using var interviewer = await RoomConnection.OpenAsync(nodeB, await nodeB.SignedInCookiesAsync(world.InterviewerOnA));
        Assert.Equal(0, (await JoinAndOpenPadAsync(interviewer.Hub, interviewId)).Version);
        await using var candidate = await RoomConnection.OpenAsync(nodeA, candidateToken: world.TokenA);
        Assert.Equal(0, (await JoinAndOpenPadAsync(candidate.Hub)).Version);

        // Node A commits version 0 → 1; node B's pad, opened before, still says 0.
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"from A\"]]")).Accepted);
        var stale = await PushAsync(interviewer.Hub, 0, "[[0,\"from B\"]]");

        Assert.False(stale.Accepted);
        Assert.Equal(RoomHub.PadMovedOn, stale.Problem);
        // Node B read the pad again: it serves node A's update, and the edit rebased over it lands.
        var missed = await interviewer.Hub.InvokeAsync<List<PadUpdateMessage>>("Pull", 0);
        Assert.Equal("[[0,\"from A\"]]", JsonSerializer.Serialize(Assert.Single(missed).Changes));
        Assert.True((await PushAsync(interviewer.Hub, 1, "[6,[0,\" and B\"]]")).Accepted);

        await using var fresh = await RoomConnection.OpenAsync(nodeB, candidateToken: world.TokenA);
        Assert.Equal((2, "from A and B"), (await JoinAndOpenPadAsync(fresh.Hub)) is var opened ? (opened.Version, opened.Text) : default);
        var versions = await nodeA.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RoomEvents
            .Where(e => e.InterviewId == interviewId && e.PadVersion != null).OrderBy(e => e.Sequence).Select(e => e.PadVersion).ToListAsync());
        Assert.Equal([0, 1], versions);
    }
}
