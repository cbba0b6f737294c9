using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback (Debian's python3-aiosmtpd, installed by script/test) that
/// delivers into a Maildir the test reads back. It refuses recipients at <see cref="RefusedDomain"/>
/// for good (550), as a server does for a mailbox it does not have. It can be stopped and started
/// again on the same port, as a mail server that goes down and comes back. The browser lane links
/// this file (with <see cref="Eventually"/> and <see cref="LoopbackPort"/>).
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string RefusedDomain = "refused.example.org";

    /// <summary>aiosmtpd's Maildir handler, refusing one domain's recipients.</summary>
    private const string Handler = $$"""
        from aiosmtpd.handlers import Mailbox

        class RefusingMailbox(Mailbox):
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.endswith("@{{RefusedDomain}}"):
                    return "550 5.1.1 No such mailbox here"
                envelope.rcpt_tos.append(address)
                return "250 OK"
        """;

    private readonly string maildir;
    private Process? process;

    private SmtpServer(string maildir, int port)
    {
        this.maildir = maildir;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        // aiosmtpd's Mailbox creates the Maildir (with new/, cur/, tmp/) only where nothing exists yet.
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("rapport-maildir-").FullName, "mail");
        var server = new SmtpServer(maildir, LoopbackPort.Free());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port, delivering into the same Maildir.</summary>
    public async Task StartAgainAsync()
    {
        var folder = Path.GetDirectoryName(maildir)!;
        await File.WriteAllTextAsync(Path.Combine(folder, "rapport_test_smtp.py"), Handler);
        var info = new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "rapport_test_smtp.RefusingMailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["PYTHONPATH"] = folder },
        };
        process = Process.Start(info)!;
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
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

    /// <summary>Stops the server: its port refuses connections until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is { } running)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
            running.Dispose();
            process = null;
        }
    }

    public string[] Settings => [$"--Mail:SmtpHost=127.0.0.1", $"--Mail:SmtpPort={Port}", "--Mail:SmtpRequireTls=false", "--Mail:From=Rapport <interviews@example.com>"];

    /// <summary>The same settings as a <c>rapport</c> process's environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["RAPPORT_Mail__SmtpHost"] = "127.0.0.1",
        ["RAPPORT_Mail__SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RAPPORT_Mail__SmtpRequireTls"] = "false",
        ["RAPPORT_Mail__From"] = "Rapport <interviews@example.com>",
    };

    /// <summary>Every message delivered so far.</summary>
    public async Task<List<MimeMessage>> MessagesAsync()
    {
        var messages = new List<MimeMessage>();
        var delivered = Path.Combine(maildir, "new");
        foreach (var file in Directory.Exists(delivered) ? Directory.EnumerateFiles(delivered) : [])
        {
            messages.Add(await MimeMessage.LoadAsync(file));
        }

        return messages;
    }

    /// <summary>The messages once at least <paramref name="count"/> have arrived (the outbox sends in the background).</summary>
    public Task<List<MimeMessage>> MessagesAsync(int count) =>
        Eventually.ReadAsync(MessagesAsync, m => m.Count >= count, $"{count} message(s) delivered");

    /// <summary>The first message that is <paramref name="wanted"/>, once it has arrived.</summary>
    public async Task<MimeMessage> MessageAsync(Func<MimeMessage, bool> wanted, string what) =>
        (await Eventually.ReadAsync(MessagesAsync, m => m.Any(wanted), $"{what} delivered")).First(wanted);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(Path.GetDirectoryName(maildir)!, recursive: true);
    }
}
