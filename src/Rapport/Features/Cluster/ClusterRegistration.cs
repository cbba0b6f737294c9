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

        services.AddSingleton(redis);
        services.AddSingleton<RedisConnection>();
        // One multiplexer for the backplane and the health check, not one each.
        signalR.AddStackExchangeRedis();
        services.AddOptions<BackplaneOptions>().Configure<RedisConnection>((o, connection) => o.ConnectionFactory = _ => connection.GetAsync());
        services.AddHostedService(s => s.GetRequiredService<RedisConnection>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        // A link withdrawn on one node ends its connections on every node.
        services.AddSingleton<LinkChangesAcrossNodes>();
        services.Replace(ServiceDescriptor.Singleton<ICandidateLinkListener>(s => s.GetRequiredService<LinkChangesAcrossNodes>()));
        services.AddHostedService(s => s.GetRequiredService<LinkChangesAcrossNodes>());
    }
}
