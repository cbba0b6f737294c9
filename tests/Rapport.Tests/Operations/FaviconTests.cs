using System.Net;
using System.Text.RegularExpressions;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Operations;

/// <summary>Browsers ask every page for an icon; the answer was a 404 (and a logged miss) on each.</summary>
public sealed class FaviconTests
{
    [Fact]
    public async Task FaviconIco_IsAnIconFile()
    {
        await using var app = await RapportTestApp.StartAsync();

        var response = await app.CreateClient().GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // An ICO file: reserved 0, type 1 (icon), then at least one image.
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);
        Assert.True(BitConverter.ToUInt16(bytes, 4) >= 1);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/c/lost")]
    public async Task EveryPage_LinksAnSvgIcon_ThatIsServed(string path)
    {
        await using var app = await RapportTestApp.StartAsync();
        var client = app.CreateClient();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        var href = Regex.Match(html, "<link rel=\"icon\" href=\"([^\"]+)\" type=\"image/svg\\+xml\"").Groups[1].Value;
        Assert.NotEqual("", href);
        var icon = await client.GetAsync(href.StartsWith('/') ? href : "/" + href);

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await icon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.ico\"", html, StringComparison.Ordinal);
    }
}
