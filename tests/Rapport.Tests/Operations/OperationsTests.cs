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
    }

    [Theory]
    [InlineData("--Storage:Provider=mysql", "Storage:Provider")]
    [InlineData("--Storage:Provider=postgres", "Storage:ConnectionString")]
    [InlineData("--Storage:ConnectionString=Data Source=x;Bogus Keyword=1", "Storage:ConnectionString")]
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
