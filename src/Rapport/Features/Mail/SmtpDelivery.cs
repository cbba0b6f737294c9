using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Rapport.Features.Mail;

/// <summary>Why the server did not take a message, in words for the Mail page; permanent when retrying cannot help (an SMTP 5xx).</summary>
public sealed class MailNotAcceptedException(string answer, bool permanent, Exception inner) : Exception(answer, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>One connection to the configured SMTP server, opened on the first message and reused for the rest of a batch.</summary>
internal sealed class SmtpDelivery(MailOptions settings) : IAsyncDisposable
{
    /// <summary>MailKit's limit on each read and write; a claim (<see cref="MailSender.Lease"/>) outlasts a whole transaction under it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly SmtpClient client = new() { Timeout = (int)Timeout.TotalMilliseconds };

    public string Server => $"{settings.SmtpHost}:{settings.SmtpPort}";

    /// <summary>Sends the message; returns the server's answer, or throws <see cref="MailNotAcceptedException"/>.</summary>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken ct)
    {
        try
        {
            if (!client.IsConnected)
            {
                var security = settings.SmtpRequireTls
                    ? (settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls)
                    : SecureSocketOptions.None;
                await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, ct);
                if (!string.IsNullOrEmpty(settings.SmtpUsername))
                {
                    await client.AuthenticateAsync(settings.SmtpUsername, settings.SmtpPassword ?? "", ct);
                }
            }

            return await client.SendAsync(message, ct);
        }
        catch (SmtpCommandException e)
        {
            // RFC 5321: 5xx is permanent (no such mailbox, message refused), 4xx worth another try.
            var code = (int)e.StatusCode;
            throw new MailNotAcceptedException($"{Server} answered {code} {e.Message.TrimEnd('.')}", code >= 500, e);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or AuthenticationException
            or SslHandshakeException or ServiceNotAuthenticatedException or NotSupportedException)
        {
            throw new MailNotAcceptedException($"{Server}: {e.GetBaseException().Message.TrimEnd('.')}", permanent: false, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            try
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, quit.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or SmtpProtocolException or SmtpCommandException)
            {
                // The messages are sent and recorded; a QUIT nobody heard changes nothing.
            }
        }

        client.Dispose();
    }
}
