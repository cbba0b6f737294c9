using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Operations;

/// <summary>
/// The test apps' clients put what the server logged into a 5xx's reason phrase: a failure in CI
/// then names its cause, not only its status.
/// </summary>
public sealed class ServerErrorReasonTests
{
    [Fact]
    public async Task AServerError_CarriesTheLoggedExceptionInItsReasonPhrase_AndKeepsItsStatus()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync("DROP TABLE \"CandidateLinks\""));

        var response = await app.CreateClient().GetAsync($"/c/{world.TokenA}");
        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => app.CreateClient().GetStringAsync($"/c/{world.TokenA}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("no such table: CandidateLinks", response.ReasonPhrase, StringComparison.Ordinal);
        Assert.Contains("SqliteException", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', response.ReasonPhrase!);
    }
}
