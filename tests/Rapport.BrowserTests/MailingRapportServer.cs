using Rapport.Tests.Infrastructure;

namespace Rapport.BrowserTests;

/// <summary>A <see cref="RapportServer"/> whose mail goes to a real SMTP server on loopback.</summary>
public sealed class MailingRapportServer : IAsyncLifetime
{
    public SmtpServer Mail { get; private set; } = default!;

    public RapportServer Server { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Mail = await SmtpServer.StartAsync();
        Server = new RapportServer(Mail.Environment);
        await Server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Mail.DisposeAsync();
    }
}
