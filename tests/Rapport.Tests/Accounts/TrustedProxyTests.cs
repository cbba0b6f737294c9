using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Rapport.Features.Accounts;
using Rapport.Infrastructure;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Accounts;

/// <summary>
/// Behind HAProxy on another machine (docs/deploy.md), each person must still be themselves: the
/// sign-in limit is per caller, and the caller is who a trusted proxy says, never who any proxy
/// says. <c>Rapport:TrustedProxies</c> names the proxies besides loopback.
/// </summary>
public sealed class TrustedProxyTests
{
    [Theory]
    [InlineData("10.0.0.4", false)]
    [InlineData("10.0.1.77", false)]
    [InlineData("10.0.0.9", true)]
    public async Task SignInsThroughAProxy_CountPerCaller_OnlyWhenTheProxyIsTrusted(string proxy, bool limitedAsOne)
    {
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, "--Rapport:TrustedProxies=10.0.0.4, 10.0.1.0/24");
        var client = new HttpClient(new CookieContainerHandler(new CookieContainer())
        {
            InnerHandler = app.App.GetTestServer().CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse(proxy)),
        })
        { BaseAddress = new Uri("http://localhost") };
        var token = await client.AntiforgeryTokenAsync("/account/login");

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= SignInRateLimit.AttemptsPerMinute; attempt++)
        {
            // A different person each time, as the proxy tells it.
            client.DefaultRequestHeaders.Remove("X-Forwarded-For");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{attempt + 1}");
            var response = await client.PostFormWithTokenAsync("/account/login", "sign-in", new Dictionary<string, string> { ["Input.Email"] = $"guess{attempt}@example.com", ["Input.Password"] = "wrong password here" }, token);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses[..^1], status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(limitedAsOne ? HttpStatusCode.TooManyRequests : HttpStatusCode.Unauthorized, statuses[^1]);
    }

    [Theory]
    [InlineData("10.0.0.4, haproxy.internal")]
    [InlineData("10.0.0.0/99")]
    public async Task AProxyThatIsNeitherAnAddressNorANetwork_IsRefusedByName(string value)
    {
        var refused = await Assert.ThrowsAsync<InvalidSettingException>(() => RapportTestApp.StartAsync(TestStorage.Sqlite, $"--Rapport:TrustedProxies={value}"));

        Assert.Equal("Rapport:TrustedProxies", refused.Setting);
        Assert.Contains("is neither an address nor a network", refused.Message, StringComparison.Ordinal);
    }
}
