using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using Rapport.Collab;
using Rapport.Features.Rooms;
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
    private static async Task<int> HolderIndexAsync(LoopbackCluster cluster, Guid interview) =>
        await HolderAsync(cluster, interview) == cluster.NodeUrl(0).ToString().TrimEnd('/') ? 0 : 1;

    private static async Task<string?> HolderAsync(LoopbackCluster cluster, Guid interview)
    {
        await using var connection = new NpgsqlConnection(cluster.Database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""SELECT "Address" FROM "RoomOwners" WHERE "InterviewId" = @room""", connection);
        query.Parameters.AddWithValue("room", interview);
        return await query.ExecuteScalarAsync() as string;
    }

    /// <summary>
    /// A minimal collab editor on one room connection that can be made again (a reconnect, as the
    /// page's): it types its key at the end of the text at its latest version, one push at a time,
    /// and waits for each to come back; a push refused as stale is followed by a pull.
    /// </summary>
    private sealed class TypingEditor(char key, Func<HubConnection> connect, Guid? asInterviewer) : IAsyncDisposable
    {
        private readonly Lock gate = new();
        private HubConnection? hub;
        private int version;
        private string text = "";

        public string Text
        {
            get
            {
                lock (gate)
                {
                    return text;
                }
            }
        }

        public async Task<(int Version, string Text)> ConnectAsync()
        {
            var connection = connect();
            connection.On<List<PadUpdateMessage>>("PadUpdated", Receive);
            await connection.StartAsync();
            var opened = await JoinAndOpenAsync(connection);
            lock (gate)
            {
                (hub, version, text) = (connection, opened.Version, opened.Text);
            }

            return (opened.Version, opened.Text);
        }

        /// <summary>Connects again until a node takes the room (the page's automatic reconnect).</summary>
        public async Task<(int Version, string Text)> ReconnectAsync()
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }

            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
            while (true)
            {
                try
                {
                    return await ConnectAsync();
                }
                catch (Exception e) when ((e is HttpRequestException or IOException or System.Net.WebSockets.WebSocketException or InvalidOperationException or HubException) && Stopwatch.GetTimestamp() < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }

        public async Task TypeAsync(int keys)
        {
            for (var typed = 0; typed < keys;)
            {
                int at;
                string changes;
                lock (gate)
                {
                    at = version;
                    changes = text.Length == 0 ? $"[[0,\"{key}\"]]" : $"[{text.Length},[0,\"{key}\"]]";
                }

                var pushed = await hub!.InvokeAsync<PadPushed>("Push", at, new[] { JsonDocument.Parse(changes).RootElement });
                if (pushed.Accepted)
                {
                    typed++;
                    await Eventually.ReadAsync(() => Task.FromResult(Version), v => v >= pushed.Version, $"its own edit back at version {pushed.Version}");
                }
                else
                {
                    Receive(await hub!.InvokeAsync<List<PadUpdateMessage>>("Pull", at));
                }

                // Well inside the room's limit of calls a second.
                await Task.Delay(30);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }
        }

        private int Version
        {
            get
            {
                lock (gate)
                {
                    return version;
                }
            }
        }

        private async Task<PadOpened> JoinAndOpenAsync(HubConnection connection)
        {
            if (asInterviewer is { } id)
            {
                await connection.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
            }
            else
            {
                await connection.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
            }

            return await connection.InvokeAsync<PadOpened>("OpenPad");
        }

        private void Receive(List<PadUpdateMessage> updates)
        {
            lock (gate)
            {
                foreach (var update in updates.OrderBy(u => u.Version))
                {
                    if (update.Version == version)
                    {
                        text = ChangeSet.FromJson(update.Changes).Apply(text);
                        version++;
                    }
                }
            }
        }
    }
}
