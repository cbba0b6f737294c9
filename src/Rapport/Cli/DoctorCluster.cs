using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Cluster;
using StackExchange.Redis;

namespace Rapport.Cli;

/// <summary>
/// The doctor's look at the cluster from this node (ADR 16), when <c>Redis:Connection</c> is set:
/// Redis, the shared keys, this node's own address, and every node that holds rooms now.
/// </summary>
internal static class DoctorCluster
{
    public sealed record Finding(string Name, bool Passed, string Detail, string? Fix = null);

    public static async Task<List<Finding>> CheckAsync(IServiceProvider services, AppDbContext db, CancellationToken ct)
    {
        if (services.GetService<RedisOptions>() is not { } redis)
        {
            return [new("cluster", true, $"one node ({RedisOptions.ConnectionSetting} is not set)")];
        }

        var cluster = services.GetRequiredService<ClusterOptions>();
        List<Finding> findings = [await RedisAsync(redis), await KeysAsync(db, ct)];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var own = cluster.Validated().ToString().TrimEnd('/');
        findings.Add(await AnswersAsync(http, own, ct) is { } problem
            ? new("this node", false, $"nothing answers at {own} ({ClusterOptions.NodeUrlSetting}): {problem}", $"start 'rapport serve' here, listening on that address (urls), or correct {ClusterOptions.NodeUrlSetting}")
            : new("this node", true, $"answers at {own}, where the other nodes forward its rooms' connections"));
        var holders = await db.RoomOwners.AsNoTracking().GroupBy(o => o.Address).Select(g => new { Address = g.Key, Rooms = g.Count() }).ToListAsync(ct);
        if (holders.Count == 0)
        {
            findings.Add(new("rooms", true, "no node holds a room now"));
        }

        foreach (var holder in holders.OrderBy(h => h.Address, StringComparer.Ordinal))
        {
            findings.Add(await AnswersAsync(http, holder.Address, ct) is { } gone
                ? new($"node {holder.Address}", false, $"holds {holder.Rooms} room(s) but does not answer ({gone})", "its rooms move to the node their next connection lands on once their lease ends; start that node again or take it out of HAProxy's configuration")
                : new($"node {holder.Address}", true, $"answers, and holds {holder.Rooms} room(s)"));
        }

        return findings;
    }

    private static async Task<Finding> RedisAsync(RedisOptions redis)
    {
        var configuration = redis.Configuration();
        configuration.ConnectTimeout = 3000;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
            if (!connection.IsConnected)
            {
                return Unreachable(configuration, "no connection");
            }

            var took = await connection.GetDatabase().PingAsync();
            return new("redis", true, $"{string.Join(", ", configuration.EndPoints)} answers in {took.TotalMilliseconds:0.#} ms");
        }
        catch (RedisException e)
        {
            return Unreachable(configuration, e.Message);
        }
    }

    private static Finding Unreachable(ConfigurationOptions configuration, string problem) =>
        new("redis", false, $"{string.Join(", ", configuration.EndPoints)} does not answer: {problem}", $"start redis-server there, or correct {RedisOptions.ConnectionSetting} (host, port, password)");

    private static async Task<Finding> KeysAsync(AppDbContext db, CancellationToken ct)
    {
        var keys = await db.DataProtectionKeys.CountAsync(ct);
        return new("shared keys", true, keys == 0
            ? "none yet in the database; the first node to start makes one, and every node uses it"
            : $"{keys} data-protection key(s) in the database, used by every node");
    }

    /// <summary>Null when the address answers <c>/healthz</c> (healthy or not); otherwise why not.</summary>
    private static async Task<string?> AnswersAsync(HttpClient http, string address, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync($"{address}/healthz", ct);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{e.GetBaseException().Message.TrimEnd('.')} after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms";
        }
    }
}
