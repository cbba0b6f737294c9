using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Rapport.Infrastructure.Mail;

/// <summary>
/// Sends mail through the configured SMTP server, or, in the embedded default, writes each message
/// as an .eml file to DATA/outbox so nothing is lost and an admin can forward it by hand.
/// </summary>
public sealed class Mailroom(IOptions<MailOptions> options, IConfiguration configuration, ILogger<Mailroom> logger)
{
    public MailboxAddress Sender => MailboxAddress.Parse(options.Value.From);

    /// <summary>Sends or stores the message; returns where it went, or throws <see cref="MailNotSentException"/> with a reason a person can act on.</summary>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            var outbox = Path.Combine(DataDirectory.Resolve(configuration), "outbox");
            Directory.CreateDirectory(outbox);
            var path = Path.Combine(outbox, $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(path, ct);
            return path;
        }

        try
        {
            using var smtp = new SmtpClient();
            var security = settings.SmtpRequireTls
                ? (settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls)
                : SecureSocketOptions.None;
            await smtp.ConnectAsync(settings.SmtpHost, settings.SmtpPort, security, ct);
            if (!string.IsNullOrEmpty(settings.SmtpUsername))
            {
                await smtp.AuthenticateAsync(settings.SmtpUsername, settings.SmtpPassword ?? "", ct);
            }

            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
            return $"smtp://{settings.SmtpHost}:{settings.SmtpPort}";
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException)
        {
            logger.LogWarning(e, "Mail to {Recipients} was not sent", string.Join(", ", message.To));
            throw new MailNotSentException($"the mail server {settings.SmtpHost}:{settings.SmtpPort} did not take the message ({e.Message.TrimEnd('.')}). Check the Mail settings.", e);
        }
    }
}

public sealed class MailNotSentException(string message, Exception inner) : Exception(message, inner);
