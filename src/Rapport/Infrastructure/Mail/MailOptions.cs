namespace Rapport.Infrastructure.Mail;

/// <summary>Outgoing mail (section <c>Mail</c>). Without an SMTP host, mail goes to DATA/outbox as .eml files.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string From { get; set; } = "Rapport <rapport@localhost>";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public string? SmtpUsername { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Require TLS (STARTTLS or implicit on 465). Off only for a relay on the same machine.</summary>
    public bool SmtpRequireTls { get; set; } = true;

    public MailOptions Validated()
    {
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            throw new InvalidSettingException($"{Section}:From", $"'{From}' is not a mail address; write it like `Rapport <interviews@example.com>`.");
        }

        if (SmtpPort is < 1 or > 65535)
        {
            throw new InvalidSettingException($"{Section}:SmtpPort", $"{SmtpPort} is not a port; use 587 (STARTTLS), 465 (TLS) or 25.");
        }

        return this;
    }
}
