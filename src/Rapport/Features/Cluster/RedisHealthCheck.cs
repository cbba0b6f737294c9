using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rapport.Features.Cluster;

/// <summary>Healthy when Redis answers a ping: a node that cannot reach it should get no new rooms.</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var multiplexer = await redis.GetAsync();
        if (!multiplexer.IsConnected)
        {
            return HealthCheckResult.Unhealthy($"redis does not answer ({RedisOptions.ConnectionSetting})");
        }

        try
        {
            var took = await multiplexer.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"redis answers in {took.TotalMilliseconds:0.#} ms");
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"redis does not answer ({RedisOptions.ConnectionSetting}): {e.Message}");
        }
    }
}
