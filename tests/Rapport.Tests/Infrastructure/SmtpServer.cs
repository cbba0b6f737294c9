using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback (Debian's python3-aiosmtpd, installed by script/test) that
/// delivers into a Maildir the test reads back.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string maildir;

    private SmtpServer(Process process, string maildir, int port)
    {
        this.process = process;
        this.maildir = maildir;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        // aiosmtpd's Mailbox creates the Maildir (with new/, cur/, tmp/) only where nothing exists yet.
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("rapport-maildir-").FullName, "mail");
        var port = RapportProcess.FreePort();
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
                await probe.ConnectAsync("127.0.0.1", port);
                return new SmtpServer(process, maildir, port);
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

    public string[] Settings => [$"--Mail:SmtpHost=127.0.0.1", $"--Mail:SmtpPort={Port}", "--Mail:SmtpRequireTls=false", "--Mail:From=Rapport <interviews@example.com>"];

    /// <summary>Every message delivered so far.</summary>
    public async Task<List<MimeMessage>> MessagesAsync()
    {
        var messages = new List<MimeMessage>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(maildir, "new")))
        {
            messages.Add(await MimeMessage.LoadAsync(file));
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(Path.GetDirectoryName(maildir)!, recursive: true);
    }
}
