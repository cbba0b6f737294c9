using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Rapport.Features.Rooms;
using Rapport.Infrastructure;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL database and a real Redis (ADR 16): what happens on one reaches the
/// connections held by the other, a node says when it cannot reach Redis (in its log and in
/// <c>/healthz</c>, which a load balancer reads), and a setting that cannot make a cluster is
/// refused with its name.
/// </summary>
public sealed class RedisBackplaneTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private sealed record Ended(string Reason, string Message);

    [Fact]
    public async Task ALinkWithdrawnOnOneNode_EndsTheCandidatesConnectionOnTheOther_AtOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nodeA = await RapportTestApp.StartAsync(TestStorage.Postgres, $"--Redis:Connection={redis.Connection}", NodeUrl());
        await using var nodeB = await RapportTestApp.StartAsync(TestStorage.Postgres, $"--Redis:Connection={redis.Connection}", NodeUrl(), $"--Storage:ConnectionString={await nodeA.DatabaseAsync()}");
        var world = await InterviewWorld.CreateAsync(nodeA);
        var ended = new TaskCompletionSource<Ended>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var candidate = await RoomConnection.OpenAsync(nodeB, candidateToken: world.TokenA, path: RoomAddress.For(world.InterviewA.Interview.Id), transport: HttpTransportType.WebSockets, listen: hub =>
        {
            hub.On<Ended>("ConnectionEnded", e => ended.TrySetResult(e));
            hub.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
        });
        await JoinAndOpenPadAsync(candidate.Hub);

        var withdrawn = await (await nodeA.SignedInClientAsync(world.Coordinator)).DeleteAsync($"/api/interviews/{world.InterviewA.Interview.Id}/candidate-link");

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        // Told and closed by node B long before its once-a-minute recheck of the database could have done it.
        Assert.Equal("link-withdrawn", (await ended.Task.WaitAsync(Patience)).Reason);
        await closed.Task.WaitAsync(Patience);
        Assert.Equal(HubConnectionState.Disconnected, candidate.Hub.State);
    }

    [Fact]
    public async Task RedisGoingAway_IsInTheLogAndInHealthz_AndItsReturnToo()
    {
        await using var redis = await RedisServer.StartAsync();
        var logs = new CapturedLogs();
        await using var node = await RapportTestApp.StartAsync(TestStorage.Postgres, logs, $"--Redis:Connection={redis.Connection}", NodeUrl());
        var client = node.CreateClient();
        var healthy = await Eventually.ReadAsync(() => HealthAsync(client), h => h.Status == HttpStatusCode.OK, "healthy with Redis up");
        Assert.StartsWith("redis answers", healthy.Redis, StringComparison.Ordinal);

        await redis.StopAsync();

        var unhealthy = await Eventually.ReadAsync(() => HealthAsync(client), h => h.Status == HttpStatusCode.ServiceUnavailable, "unhealthy with Redis gone");
        Assert.Contains("Redis:Connection", unhealthy.Redis, StringComparison.Ordinal);
        Assert.Equal("Healthy", unhealthy.Storage);
        await Eventually.ReadAsync(() => Task.FromResult(logs.Entries.Any(e => e.Level == LogLevel.Error && e.Message.StartsWith("Lost Redis", StringComparison.Ordinal))), found => found, "logging the loss");

        await redis.StartAgainAsync();

        await Eventually.ReadAsync(() => HealthAsync(client), h => h.Status == HttpStatusCode.OK, "healthy again with Redis back");
        await Eventually.ReadAsync(() => Task.FromResult(logs.Entries.Any(e => e.Message.Contains("is back", StringComparison.Ordinal))), found => found, "logging the return");
    }

    [Fact]
    public async Task ANodeStartedWithRedisUnreachable_StartsAndSaysWhichSettingToCheck()
    {
        var logs = new CapturedLogs();
        var nothingListens = $"127.0.0.1:{LoopbackPort.Free()},connectTimeout=500";

        await using var node = await RapportTestApp.StartAsync(TestStorage.Postgres, logs, $"--Redis:Connection={nothingListens}", NodeUrl());

        var health = await Eventually.ReadAsync(() => HealthAsync(node.CreateClient()), h => h.Redis is not null, "reporting Redis");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        await Eventually.ReadAsync(
            () => Task.FromResult(logs.Entries.FirstOrDefault(e => e.Level == LogLevel.Error && e.Message.StartsWith("Cannot reach Redis", StringComparison.Ordinal))?.Message),
            message => message?.Contains("(Redis:Connection)", StringComparison.Ordinal) == true,
            "logging which setting to check");
    }

    [Theory]
    [InlineData("postgres", "127.0.0.1:6379,nonsense=1", "is not a Redis connection setting")]
    [InlineData("postgres", ",", "names no server")]
    [InlineData("sqlite", "127.0.0.1:6379", "Storage:Provider is sqlite")]
    public async Task ASettingThatCannotMakeACluster_IsRefusedWithItsName(string provider, string connection, string problem)
    {
        var refused = await Assert.ThrowsAsync<InvalidSettingException>(() => RapportTestApp.StartAsync(provider, $"--Redis:Connection={connection}", NodeUrl()));

        Assert.Equal("Redis:Connection", refused.Setting);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("--Cluster:NodeUrl=10.0.0.11:5080", "is not a node's address")]
    [InlineData("--Cluster:NodeUrl=http://10.0.0.11:5080/rapport", "is not a node's address")]
    public async Task ANodeWithoutAnAddressForTheOthers_IsRefusedWithTheSettingsName(string? nodeUrl, string problem)
    {
        string[] settings = nodeUrl is null ? ["--Redis:Connection=127.0.0.1:6379"] : ["--Redis:Connection=127.0.0.1:6379", nodeUrl];

        var refused = await Assert.ThrowsAsync<InvalidSettingException>(() => RapportTestApp.StartAsync(TestStorage.Postgres, settings));

        Assert.Equal("Cluster:NodeUrl", refused.Setting);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    private sealed record Health(HttpStatusCode Status, string? Storage, string? Redis);

    private static async Task<Health> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        return new Health(
            response.StatusCode,
            checks.TryGetProperty("storage", out var storage) ? storage.GetProperty("status").GetString() : null,
            checks.TryGetProperty("redis", out var redis) ? redis.GetProperty("Description").GetString() : null);
    }

    /// <summary>An in-memory node has no address of its own: nothing listens there, so a room is taken over from it at once.</summary>
    private static string NodeUrl() => $"--Cluster:NodeUrl=http://127.0.0.1:{LoopbackPort.Free()}";

}
