using Rapport.Infrastructure;

namespace Rapport.Features.Cluster;

/// <summary>Section <c>Cluster</c>: how this node is reached by the others (ADR 16). Needed with <c>Redis:Connection</c>.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";
    public const string NodeUrlSetting = $"{Section}:NodeUrl";

    /// <summary>
    /// The address the other nodes reach this node at, bypassing the load balancer (like
    /// <c>http://10.0.0.11:5080</c>): a room connection that lands on another node is forwarded here
    /// when this node holds the room.
    /// </summary>
    public string? NodeUrl { get; set; }

    /// <summary>How long a room stays with a node that stopped renewing it (a node that died without a word).</summary>
    public TimeSpan RoomLease { get; set; } = TimeSpan.FromSeconds(10);

    public Uri Validated()
    {
        if (string.IsNullOrWhiteSpace(NodeUrl))
        {
            throw new InvalidSettingException(NodeUrlSetting, $"is required with {RedisOptions.ConnectionSetting}: the address the other nodes reach this node at, without the load balancer, like http://10.0.0.11:5080.");
        }

        if (!Uri.TryCreate(NodeUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.PathAndQuery != "/" || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw new InvalidSettingException(NodeUrlSetting, $"'{NodeUrl}' is not a node's address: write its scheme, host and port only, like http://10.0.0.11:5080.");
        }

        if (RoomLease < TimeSpan.FromSeconds(3) || RoomLease > TimeSpan.FromMinutes(5))
        {
            throw new InvalidSettingException($"{Section}:RoomLease", $"'{RoomLease}' is out of range: between 00:00:03 and 00:05:00 (the default is 00:00:10).");
        }

        return url;
    }
}
