using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rapport.Data;
using Rapport.Features.Interviews;
using Rapport.Infrastructure;
using BackplaneOptions = Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions;

namespace Rapport.Features.Cluster;

/// <summary>What a node of several needs beside the single-node default (ADR 16); nothing when <c>Redis:Connection</c> is unset.</summary>
public static class ClusterRegistration
{
    public static void AddRapportCluster(this IServiceCollection services, ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        var redis = Settings.Read<RedisOptions>(configuration, RedisOptions.Section)
            .Validated(Settings.Read<StorageOptions>(configuration, StorageOptions.Section));
        if (!redis.IsSet)
        {
            return;
        }

        var cluster = Settings.Read<ClusterOptions>(configuration, ClusterOptions.Section);
        cluster.Validated();
        services.AddSingleton(cluster);
        services.AddSingleton(redis);
        // One node holds each room; connections that land elsewhere are forwarded to it.
        services.AddSingleton<RoomOwnership>();
        services.AddHostedService(s => s.GetRequiredService<RoomOwnership>());
        services.AddHttpForwarder();
        services.AddSingleton<RoomForwarding>();
        services.AddSingleton<RedisConnection>();
        // One multiplexer for the backplane and the health check, not one each.
        signalR.AddStackExchangeRedis();
        services.AddOptions<BackplaneOptions>().Configure<RedisConnection>((o, connection) => o.ConnectionFactory = _ => connection.ForBackplaneAsync());
        services.AddHostedService(s => s.GetRequiredService<RedisConnection>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        // A link withdrawn on one node ends its connections on every node.
        services.AddSingleton<LinkChangesAcrossNodes>();
        services.Replace(ServiceDescriptor.Singleton<ICandidateLinkListener>(s => s.GetRequiredService<LinkChangesAcrossNodes>()));
        services.AddHostedService(s => s.GetRequiredService<LinkChangesAcrossNodes>());
    }

    /// <summary>Sends each room connection to the node that holds its room; nothing for one node.</summary>
    public static void UseRoomForwarding(this WebApplication app)
    {
        if (app.Services.GetService<RoomForwarding>() is not null)
        {
            app.UseWhen(c => c.Request.Path.StartsWithSegments(Rooms.RoomHub.Path), room => room.UseMiddleware<RoomForwarding>());
        }
    }
}
