namespace Rapport.Infrastructure;

/// <summary>Host-wide settings (section <c>Rapport</c>).</summary>
public sealed class RapportOptions
{
    public const string Section = "Rapport";

    /// <summary>The address people use to reach this server, e.g. https://interviews.example.com. Links in emails and on screen start with it.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The email of the admin created on first start.</summary>
    public string FirstAdminEmail { get; set; } = "admin@rapport.local";
}
