using Rapport.Data;
using Rapport.Infrastructure;
using StackExchange.Redis;

namespace Rapport.Features.Cluster;

/// <summary>
/// Section <c>Redis</c>: the Redis server that carries the room's messages between nodes (ADR 16).
/// Unset, the default: one node, nothing leaves the process.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";
    public const string ConnectionSetting = $"{Section}:Connection";

    /// <summary>A StackExchange.Redis configuration string, like <c>10.0.0.5:6379,password=...</c>.</summary>
    public string? Connection { get; set; }

    public bool IsSet => !string.IsNullOrWhiteSpace(Connection);

    /// <summary>
    /// The parsed configuration: never gives up connecting (a node that starts before Redis, or loses
    /// it, keeps trying and serves its own rooms meanwhile), and names every channel <c>rapport</c>.
    /// </summary>
    public ConfigurationOptions Configuration()
    {
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(Connection!);
        }
        catch (Exception e) when (e is ArgumentException or RedisException)
        {
            throw new InvalidSettingException(ConnectionSetting, $"'{Connection}' is not a Redis connection setting ({e.Message}); write it like 127.0.0.1:6379 or redis.internal:6379,password=SECRET.", e);
        }

        if (parsed.EndPoints.Count == 0)
        {
            throw new InvalidSettingException(ConnectionSetting, $"'{Connection}' names no server; write it like 127.0.0.1:6379 or redis.internal:6379,password=SECRET.");
        }

        parsed.AbortOnConnectFail = false;
        parsed.ClientName ??= $"rapport-{Environment.MachineName}-{Environment.ProcessId}";
        parsed.ChannelPrefix = RedisChannel.Literal("rapport");
        return parsed;
    }

    /// <summary>Checks the setting against the storage it would share: several nodes need one PostgreSQL database.</summary>
    public RedisOptions Validated(StorageOptions storage)
    {
        if (IsSet)
        {
            Configuration();
            if (storage.NormalizedProvider() != StorageOptions.Postgres)
            {
                throw new InvalidSettingException(ConnectionSetting, $"is set, but Storage:Provider is {storage.NormalizedProvider()}: nodes that share rooms must share one PostgreSQL database. Set Storage:Provider to postgres (see docs/deploy.md), or leave {ConnectionSetting} unset for one node.");
            }
        }

        return this;
    }
}
