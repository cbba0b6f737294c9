using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Rapport.Features.Rooms;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A real SignalR client connection to the room hub, through the app's HTTP stack, that keeps
/// every byte the server sent it: privacy is checked on what crossed the wire, not on the UI.
/// </summary>
public sealed class RoomConnection : IAsyncDisposable
{
    private readonly Capture capture;

    private RoomConnection(HubConnection hub, Capture capture)
    {
        Hub = hub;
        this.capture = capture;
    }

    public HubConnection Hub { get; }

    /// <summary>Everything the server sent this connection so far, as text.</summary>
    public string Received => capture.Text;

    public static async Task<RoomConnection> OpenAsync(RapportTestApp app, CookieContainer? cookies = null, string? candidateToken = null, string path = RoomHub.Path)
    {
        var capture = new Capture(new CookieContainerHandler(cookies ?? new CookieContainer()) { InnerHandler = app.App.GetTestServer().CreateHandler() });
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri($"http://localhost{path}"), o =>
            {
                // TestServer has no WebSockets for this client; long polling carries the same messages.
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => capture;
                if (candidateToken is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(candidateToken);
                }
            })
            .Build();
        var connection = new RoomConnection(hub, capture);
        await hub.StartAsync();
        return connection;
    }

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();

    private sealed class Capture(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly StringBuilder received = new();

        public string Text
        {
            get
            {
                lock (received)
                {
                    return received.ToString();
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            lock (received)
            {
                received.Append(Encoding.UTF8.GetString(bytes));
            }

            var copy = new ByteArrayContent(bytes);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
            return response;
        }
    }
}
