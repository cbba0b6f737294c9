using System.Net;
using System.Text.Json;
using Rapport.Infrastructure;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Operations;

public sealed class OperationsTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Healthz_ReportsTheStorageAnswering(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);

        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal($"{provider} answers", json.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("Description").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheHttpApiAndNotThePages()
    {
        await using var app = await RapportTestApp.StartAsync();

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/interviews", paths);
        Assert.Contains("/api/interviews/{id}/candidate-link", paths);
        Assert.Contains("/api/candidate/interview", paths);
        Assert.Contains("/api/users", paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryResponse_CarriesItsRequestId()
    {
        await using var app = await RapportTestApp.StartAsync();

        var first = await app.CreateClient().GetAsync("/healthz");
        var second = await app.CreateClient().GetAsync("/account/login");

        var firstId = Assert.Single(first.Headers.GetValues("X-Request-Id"));
        Assert.NotEqual(firstId, Assert.Single(second.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task UnknownApiPath_IsAProblemDetails404_AndUnknownPageAKind404Page()
    {
        await using var app = await RapportTestApp.StartAsync();
        var client = app.CreateClient();

        var api = await client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var page = await client.GetAsync("/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("We could not find that page", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Re-executed error pages keep the security headers.
        Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(["no-referrer"], page.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task ThemeChoice_WithAControlCharacterInTheReturnUrl_GoesHome()
    {
        await using var app = await RapportTestApp.StartAsync();
        var client = app.CreateClient();

        var response = await client.PostFormAsync("/preferences/theme", handler: null, new() { ["theme"] = "dark", ["returnUrl"] = "/	x" }, tokenPage: "/account/login");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task BehindATlsProxy_CookiesAreSecureAndHstsIsSent()
    {
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, "--Rapport:PublicUrl=https://interviews.example.com");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "interviews.example.com");

        var response = await client.GetAsync("/account/login");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task CandidateLinkTokens_NeverAppearInLogScopes()
    {
        var logs = new CapturedLogs();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, logs, "--Logging:LogLevel:Rapport=Information");
        var world = await Infrastructure.InterviewWorld.CreateAsync(app);

        await app.CreateClient().GetAsync($"/c/{world.TokenA}");
        await app.CreateClient().GetAsync($"/c/{new string('Q', 43)}");

        Assert.Contains(logs.Entries, e => e.Scopes.Contains("RequestPath:/c/[link]"));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(world.TokenA, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--Storage:Provider=mysql", "Storage:Provider")]
    [InlineData("--Storage:Provider=postgres", "Storage:ConnectionString")]
    [InlineData("--Storage:ConnectionString=Data Source=x;Bogus Keyword=1", "Storage:ConnectionString")]
    [InlineData("--Storage:MigrateOnStart=yes", "Storage:MigrateOnStart")]
    [InlineData("--CandidateLinks:GracePeriod=-1.00:00:00", "CandidateLinks:GracePeriod")]
    [InlineData("--CandidateLinks:GracePeriod=a week", "CandidateLinks:GracePeriod")]
    [InlineData("--Rapport:PublicUrl=interviews.example.com", "Rapport:PublicUrl")]
    public void BadSetting_IsRefusedAtStart_NamingTheSetting(string setting, string named)
    {
        var directory = Directory.CreateTempSubdirectory("rapport-setting-").FullName;
        try
        {
            var error = Assert.Throws<InvalidSettingException>(() => RapportWebApp.CreateBuilder([$"--DATA={directory}", setting]));
            Assert.Equal(named, error.Setting);
            Assert.StartsWith($"{named}: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
