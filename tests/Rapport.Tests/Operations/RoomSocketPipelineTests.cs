using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Rapport.Infrastructure;

namespace Rapport.Tests.Operations;

/// <summary>
/// Which requests skip the API's exception and status-code pages (whose frames a request keeps for
/// as long as it lasts): only a WebSocket opened on the room hub, as Kestrel shows it before
/// routing. Every other API request, an upgrade elsewhere included, keeps its problem details.
/// </summary>
public sealed class RoomSocketPipelineTests
{
    [Theory]
    [InlineData("/hubs/room", true, false, true)]
    [InlineData("/hubs/room", false, true, true)]
    [InlineData("/hubs/room", false, false, false)]
    [InlineData("/hubs/room/negotiate", false, false, false)]
    [InlineData("/api/interviews", true, false, false)]
    [InlineData("/api/interviews", false, true, false)]
    [InlineData("/hubs/roomy", true, false, false)]
    public void OnlyTheRoomHubsWebSocket_SkipsTheApiErrorPages(string path, bool upgrade, bool extendedConnect, bool skips)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Features.Set<IHttpUpgradeFeature>(new Upgrade(upgrade));
        context.Features.Set<IHttpExtendedConnectFeature>(new ExtendedConnect(extendedConnect));

        Assert.Equal(skips, RapportWebApp.IsRoomSocket(context));
    }

    private sealed class Upgrade(bool upgradable) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => upgradable;

        public Task<Stream> UpgradeAsync() => throw new NotSupportedException();
    }

    private sealed class ExtendedConnect(bool extended) : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => extended;

        public string? Protocol => extended ? "websocket" : null;

        public ValueTask<Stream> AcceptAsync() => throw new NotSupportedException();
    }
}
