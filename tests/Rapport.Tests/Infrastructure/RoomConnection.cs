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

    /// <summary>
    /// Connects to <paramref name="path"/> as staff (<paramref name="cookies"/>) or a candidate
    /// (<paramref name="candidateToken"/>). Long polling by default; <see cref="HttpTransportType.WebSockets"/>
    /// connects as a browser does, authenticated once when the socket opens, with the token in the
    /// query (<see cref="Received"/> then holds only what came over HTTP). <paramref name="listen"/>
    /// subscribes to messages before the connection starts, so none that comes at once is missed.
    /// </summary>
    public static async Task<RoomConnection> OpenAsync(
        RapportTestApp app,
        CookieContainer? cookies = null,
        string? candidateToken = null,
        string path = RoomHub.Path,
        HttpTransportType transport = HttpTransportType.LongPolling,
        Action<HubConnection>? listen = null)
    {
        var jar = cookies ?? new CookieContainer();
        var capture = new Capture(new CookieContainerHandler(jar) { InnerHandler = app.App.GetTestServer().CreateHandler() });
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri($"http://localhost{path}"), o =>
            {
                // TestServer has no WebSockets for this client's own factory; long polling carries the same
                // messages, and WebSockets go through the test server's client below.
                o.Transports = transport;
                o.HttpMessageHandlerFactory = _ => capture;
                if (candidateToken is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(candidateToken);
                }

                if (transport == HttpTransportType.WebSockets)
                {
                    o.WebSocketFactory = async (context, ct) =>
                    {
                        var client = app.App.GetTestServer().CreateWebSocketClient();
                        client.ConfigureRequest = request => request.Headers.Cookie = jar.GetCookieHeader(new Uri("http://localhost"));
                        var uri = candidateToken is null ? context.Uri
                            : new Uri($"{context.Uri}{(context.Uri.Query.Length > 0 ? "&" : "?")}access_token={Uri.EscapeDataString(candidateToken)}");
                        return await client.ConnectAsync(uri, ct);
                    };
                }
            })
            .Build();
        listen?.Invoke(hub);
        try
        {
            await hub.StartAsync();
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        return new RoomConnection(hub, capture);
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
