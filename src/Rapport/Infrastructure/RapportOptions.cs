namespace Rapport.Infrastructure;

/// <summary>Host-wide settings (section <c>Rapport</c>).</summary>
public sealed class RapportOptions
{
    public const string Section = "Rapport";

    /// <summary>The address people use to reach this server, e.g. https://interviews.example.com. Links in emails and on screen start with it.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The email of the admin created on first start.</summary>
    public string FirstAdminEmail { get; set; } = "admin@rapport.local";

    /// <summary>True when people reach Rapport over HTTPS (behind a TLS-terminating proxy): cookies are then always Secure.</summary>
    public bool ServedOverHttps => PublicUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    public RapportOptions Validated()
    {
        if (!string.IsNullOrWhiteSpace(PublicUrl)
            && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0))
        {
            throw new InvalidSettingException($"{Section}:PublicUrl", $"'{PublicUrl}' is not an absolute http(s) address; write it like https://interviews.example.com.");
        }

        return this;
    }
}
