using System.Diagnostics;
using Npgsql;
using Rapport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rapport.Tests.Cluster;

/// <summary>
/// Two real nodes behind HAProxy on PostgreSQL and Redis (<see cref="LoopbackCluster"/>): the
/// candidate and the interviewer on different nodes share one pad, and a node killed or stopped
/// while the candidate types loses nothing the candidate was told was saved (ADR 16).
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheCandidateOnOneNodeAndTheInterviewerOnTheOther_TypeAtOnce_AndConverge()
    {
        await using var cluster = await LoopbackCluster.StartAsync();
        var (interview, token, cookies) = await cluster.PlanAsync();
        await using var candidate = new TypingEditor('c', () => LoopbackCluster.RoomConnection(cluster.NodeUrl(0), interview, token, null), null);
        await using var interviewer = new TypingEditor('i', () => LoopbackCluster.RoomConnection(cluster.NodeUrl(1), interview, null, cookies), interview);
        await candidate.ConnectAsync();
        await interviewer.ConnectAsync();

        await Task.WhenAll(candidate.TypeAsync(25), interviewer.TypeAsync(25));

        var settled = await Eventually.ReadAsync(() => Task.FromResult((candidate.Text, interviewer.Text)), t => t.Item1.Length == 50 && t.Item1 == t.Item2, "converged");
        Assert.Equal(25, settled.Item1.Count(c => c == 'c'));
        Assert.Equal(25, settled.Item1.Count(c => c == 'i'));
        // The interviewer's node forwarded to the candidate's, which holds the room: one order of updates.
        Assert.Equal(cluster.NodeUrl(0).ToString().TrimEnd('/'), await HolderAsync(cluster, interview));
        await using var late = new TypingEditor('x', () => LoopbackCluster.RoomConnection(cluster.Balancer, interview, token, null), null);
        Assert.Equal((50, settled.Item1), await late.ConnectAsync());

        // The doctor on the interviewer's node sees the whole cluster: Redis, itself, and the node holding the room.
        var holderLine = $"node {cluster.NodeUrl(0).ToString().TrimEnd('/')}: ";
        var before = await cluster.DoctorAsync(1);
        Assert.Contains("ok   redis: ", before, StringComparison.Ordinal);
        Assert.Contains("ok   shared keys: ", before, StringComparison.Ordinal);
        Assert.Contains("ok   this node: answers at", before, StringComparison.Ordinal);
        Assert.Contains($"ok   {holderLine}answers, and holds 1 room(s)", before, StringComparison.Ordinal);
        await candidate.DisposeAsync();
        await interviewer.DisposeAsync();
        await late.DisposeAsync();
        await cluster.KillAsync(0);
        Assert.Contains($"FAIL {holderLine}holds 1 room(s) but does not answer", await cluster.DoctorAsync(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNodeHoldingTheRoomIsKilledWhileTheCandidateTypes_NothingSavedIsLost_AndTheRoomMovesToTheOther()
    {
        await using var cluster = await LoopbackCluster.StartAsync();
        var (interview, token, _) = await cluster.PlanAsync();
        await using var candidate = new TypingEditor('c', () => LoopbackCluster.RoomConnection(cluster.Balancer, interview, token, null), null);
        await candidate.ConnectAsync();
        await candidate.TypeAsync(20);
        var dying = await HolderIndexAsync(cluster, interview);

        var killedAt = Stopwatch.GetTimestamp();
        await cluster.KillAsync(dying);
        var (version, text) = await candidate.ReconnectAsync();
        var without = Stopwatch.GetElapsedTime(killedAt);

        output.WriteLine($"The room was without its holder for {without.TotalMilliseconds:0} ms after node {dying + 1} was killed.");
        Assert.Equal((20, new string('c', 20)), (version, text));
        Assert.Equal(cluster.NodeUrl(1 - dying).ToString().TrimEnd('/'), await HolderAsync(cluster, interview));
        await candidate.TypeAsync(5);
        Assert.Equal(new string('c', 25), candidate.Text);
        Assert.True(without < TimeSpan.FromSeconds(20), $"the room waited {without} for a node to take it");
    }

    [Fact]
    public async Task ANodeRestartedDuringTheInterview_LetsGoOfItsRoomsAtOnce_AndLosesNothing()
    {
        await using var cluster = await LoopbackCluster.StartAsync();
        var (interview, token, cookies) = await cluster.PlanAsync();
        await using var candidate = new TypingEditor('c', () => LoopbackCluster.RoomConnection(cluster.Balancer, interview, token, null), null);
        await candidate.ConnectAsync();
        await candidate.TypeAsync(10);
        var restarting = await HolderIndexAsync(cluster, interview);

        await cluster.StopAsync(restarting);

        // Stopped, the node let go of the room: nobody holds it until the next connection, wherever it lands.
        Assert.Null(await HolderAsync(cluster, interview));
        Assert.Equal((10, new string('c', 10)), await candidate.ReconnectAsync());
        await candidate.TypeAsync(5);
        await cluster.StartAgainAsync(restarting);
        await using var interviewer = new TypingEditor('i', () => LoopbackCluster.RoomConnection(cluster.NodeUrl(restarting), interview, null, cookies), interview);
        Assert.Equal((15, new string('c', 15)), await interviewer.ConnectAsync());
        await Task.WhenAll(candidate.TypeAsync(5), interviewer.TypeAsync(5));
        await Eventually.ReadAsync(() => Task.FromResult((candidate.Text, interviewer.Text)), t => t.Item1.Length == 25 && t.Item1 == t.Item2, "converged after the restart");
    }

    /// <summary>Which of the two nodes holds the room now.</summary>
    internal static async Task<int> HolderIndexAsync(LoopbackCluster cluster, Guid interview) =>
        await HolderAsync(cluster, interview) == cluster.NodeUrl(0).ToString().TrimEnd('/') ? 0 : 1;

    internal static async Task<string?> HolderAsync(LoopbackCluster cluster, Guid interview)
    {
        await using var connection = new NpgsqlConnection(cluster.Database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""SELECT "Address" FROM "RoomOwners" WHERE "InterviewId" = @room""", connection);
        query.Parameters.AddWithValue("room", interview);
        return await query.ExecuteScalarAsync() as string;
    }
}
