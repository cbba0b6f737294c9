using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Cluster;

/// <summary>
/// A rolling upgrade as docs/deploy.md describes it, from a real older release (tests/upgrade-from,
/// which script/test builds from this repository's history) to this build: migrate with the new
/// build, then restart the nodes one by one while the candidate types and the interviewer, for a
/// while on the other release, types too. Nothing anyone was told was saved is lost.
/// </summary>
public sealed class ClusterUpgradeTests
{
    [Fact]
    public async Task ARollingUpgrade_FromTheOlderRelease_NodeByNode_DuringTheInterview_LosesNothing()
    {
        var older = LoopbackCluster.OlderBuild
            ?? throw new InvalidOperationException("RAPPORT_TEST_OLDER_BUILD is not set; script/test builds the release named in tests/upgrade-from and sets it.");
        Assert.True(File.Exists(older) && Path.GetFullPath(older) != Path.GetFullPath(RapportProcess.Executable), $"{older} is not another build");
        await using var cluster = await LoopbackCluster.StartAsync(executable: older);
        var (interview, token, cookies) = await cluster.PlanAsync();
        await using var candidate = new TypingEditor('c', () => LoopbackCluster.RoomConnection(cluster.Balancer, interview, token, null), null);
        await candidate.ConnectAsync();
        await candidate.TypeAsync(10);

        // Step 2 of the upgrade: the new build's migrations, with the older release still serving.
        var migrated = await cluster.CommandAsync(0, "migrate");
        Assert.True(migrated.ExitCode == 0, migrated.Error + migrated.Output);
        await candidate.TypeAsync(5);

        // The node holding the room first: it lets go, and the candidate's page reconnects.
        var first = await ClusterTests.HolderIndexAsync(cluster, interview);
        await cluster.StopAsync(first);
        Assert.Equal((15, new string('c', 15)), await candidate.ReconnectAsync());
        await cluster.StartAgainAsync(first, RapportProcess.Executable);
        await candidate.TypeAsync(5);

        // Two releases side by side: the interviewer on the other node's, whichever of the two holds the room.
        var second = 1 - first;
        await using var interviewer = new TypingEditor('i', () => LoopbackCluster.RoomConnection(cluster.NodeUrl(second), interview, null, cookies), interview);
        Assert.Equal((20, new string('c', 20)), await interviewer.ConnectAsync());
        await Task.WhenAll(candidate.TypeAsync(5), interviewer.TypeAsync(5));
        await Eventually.ReadAsync(() => Task.FromResult((candidate.Text, interviewer.Text)), t => t.Item1.Length == 30 && t.Item1 == t.Item2, "converged across the two releases");

        // Then the other node.
        await cluster.StopAsync(second);
        Assert.Equal(30, (await candidate.ReconnectAsync()).Version);
        await cluster.StartAgainAsync(second, RapportProcess.Executable);
        // The interviewer's page was on that node: it comes back to it, now on the new release.
        Assert.Equal(30, (await interviewer.ReconnectAsync()).Version);
        await Task.WhenAll(candidate.TypeAsync(5), interviewer.TypeAsync(5));
        var settled = await Eventually.ReadAsync(() => Task.FromResult((candidate.Text, interviewer.Text)), t => t.Item1.Length == 40 && t.Item1 == t.Item2, "converged after the upgrade");
        Assert.Equal((30, 10), (settled.Item1.Count(c => c == 'c'), settled.Item1.Count(c => c == 'i')));

        // A late joiner on the upgraded cluster reads the whole pad from the log.
        await using var late = new TypingEditor('x', () => LoopbackCluster.RoomConnection(cluster.Balancer, interview, token, null), null);
        Assert.Equal((40, settled.Item1), await late.ConnectAsync());
    }
}
