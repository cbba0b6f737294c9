using Rapport.Infrastructure;

namespace Rapport.Features.Mail;

/// <summary>
/// Outgoing mail (section <c>Mail</c>). Messages go to the outbox table first and a background
/// sender delivers them; without an SMTP host they stay there, marked as not sent.
/// </summary>
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

    /// <summary>The wait after the first failed attempt; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a message is marked failed (30 s, 1, 2, 4 … minutes apart: about three hours for 10).</summary>
    public int MaxAttempts { get; set; } = 10;

    public bool ServerConfigured => !string.IsNullOrWhiteSpace(SmtpHost);

    /// <summary>How long to wait after <paramref name="attempts"/> failed attempts: doubling from <see cref="RetryDelay"/>, capped.</summary>
    public TimeSpan RetryDelayAfter(int attempts)
    {
        // Doubling past 2^20 overflows nothing but says nothing either: the cap has long been reached.
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromTicks((long)Math.Min(RetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
    }

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

        if (RetryDelay <= TimeSpan.Zero || RetryDelay > TimeSpan.FromDays(1))
        {
            throw new InvalidSettingException($"{Section}:RetryDelay", $"{RetryDelay} is out of range; use a duration from 1 second to a day, such as 00:00:30.");
        }

        if (MaxRetryDelay < RetryDelay || MaxRetryDelay > TimeSpan.FromDays(1))
        {
            throw new InvalidSettingException($"{Section}:MaxRetryDelay", $"{MaxRetryDelay} is out of range; use a duration from Mail:RetryDelay ({RetryDelay}) to a day, such as 01:00:00.");
        }

        if (MaxAttempts is < 1 or > 100)
        {
            throw new InvalidSettingException($"{Section}:MaxAttempts", $"{MaxAttempts} is out of range; use a number of attempts from 1 to 100.");
        }

        return this;
    }
}
