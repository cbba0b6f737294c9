namespace Rapport.Infrastructure;

/// <summary>Host-wide settings (section <c>Rapport</c>).</summary>
public sealed class RapportOptions
{
    public const string Section = "Rapport";

    /// <summary>The address people use to reach this server, e.g. https://interviews.example.com. Links in emails and on screen start with it.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The email of the admin created on first start.</summary>
    public string FirstAdminEmail { get; set; } = "admin@rapport.local";

    /// <summary>
    /// Proxies besides loopback whose <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> are believed,
    /// as addresses or networks separated by commas (<c>10.0.0.4, 10.0.1.0/24</c>): HAProxy on another
    /// machine, and the other nodes of a cluster, which forward room connections. Without it, every
    /// person behind such a proxy looks like the proxy (one sign-in limit for all of them).
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>True when people reach Rapport over HTTPS (behind a TLS-terminating proxy): cookies are then always Secure.</summary>
    public bool ServedOverHttps => PublicUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    public RapportOptions Validated()
    {
        if (!string.IsNullOrWhiteSpace(PublicUrl)
            && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0))
        {
            throw new InvalidSettingException($"{Section}:PublicUrl", $"'{PublicUrl}' is not an absolute http(s) address; write it like https://interviews.example.com.");
        }

        _ = TrustedProxyList();
        return this;
    }

    /// <summary>The trusted proxies as addresses and networks; a value that is neither is refused with the setting's name.</summary>
    public (List<System.Net.IPAddress> Addresses, List<System.Net.IPNetwork> Networks) TrustedProxyList()
    {
        var (addresses, networks) = (new List<System.Net.IPAddress>(), new List<System.Net.IPNetwork>());
        foreach (var entry in (TrustedProxies ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (System.Net.IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                addresses.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                throw new InvalidSettingException($"{Section}:TrustedProxies", $"'{entry}' is neither an address nor a network; write them separated by commas, like 10.0.0.4, 10.0.1.0/24.");
            }
        }

        return (addresses, networks);
    }
}
