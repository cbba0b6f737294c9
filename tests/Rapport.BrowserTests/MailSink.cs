using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Rapport.BrowserTests;

/// <summary>
/// A real SMTP server on loopback (Debian's python3-aiosmtpd, which script/test installs) that
/// delivers into a Maildir the test reads back, as the integration tests' mail server does.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private readonly string maildir;
    private readonly Process process;

    private MailSink(string maildir, int port, Process process)
    {
        this.maildir = maildir;
        Port = port;
        this.process = process;
    }

    public int Port { get; }

    /// <summary>The server's settings that send its mail here (the relay is on this machine: no TLS).</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Mail__SmtpHost"] = "127.0.0.1",
        ["Mail__SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail__SmtpRequireTls"] = "false",
        ["Mail__From"] = "Rapport <interviews@example.com>",
    };

    public static async Task<MailSink> StartAsync()
    {
        // aiosmtpd's Mailbox creates the Maildir (new/, cur/, tmp/) only where nothing exists yet.
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("rapport-browser-mail-").FullName, "mail");
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(info)!;
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new MailSink(maildir, port, process);
            }
            catch (SocketException) when (TimeProvider.System.GetUtcNow() < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"aiosmtpd did not start: {await process.StandardError.ReadToEndAsync()} (script/test installs python3-aiosmtpd)");
            }
        }
    }

    /// <summary>The first delivered message matching <paramref name="wanted"/>, once the outbox (which sends in the background) has delivered it.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> wanted, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
        while (true)
        {
            var delivered = Path.Combine(maildir, "new");
            foreach (var file in Directory.Exists(delivered) ? Directory.EnumerateFiles(delivered) : [])
            {
                var message = await MimeMessage.LoadAsync(file);
                if (wanted(message))
                {
                    return message;
                }
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException($"no {what} arrived at the SMTP server on port {Port}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(Path.GetDirectoryName(maildir)!, recursive: true);
    }
}

/// <summary>A <see cref="RapportServer"/> whose mail goes to a <see cref="MailSink"/> on loopback.</summary>
public sealed class MailingRapportServer : IAsyncLifetime
{
    public MailSink Mail { get; private set; } = default!;

    public RapportServer Server { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Mail = await MailSink.StartAsync();
        Server = new RapportServer(Mail.Settings);
        await Server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Mail.DisposeAsync();
    }
}
