using System.Net;
using System.Text.RegularExpressions;
using Rapport.Features.Accounts;
using Rapport.Features.Insights;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Insights;

/// <summary>What the import page points to exists, and what it tells an uploader to do, they can do.</summary>
public sealed class ImportPageTests
{
    [Fact]
    public async Task ImportPage_LinksASampleFile_ThatIsServed_AndImportsAsItIs()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));

        var page = await coordinator.GetStringAsync("/insights/import");
        var href = Regex.Match(page, "<a href=\"([^\"]+)\"[^>]*>Download a sample file</a>").Groups[1].Value;
        Assert.StartsWith("/", href, StringComparison.Ordinal);
        var sample = await app.CreateClient().GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, sample.StatusCode);
        Assert.Equal("text/csv", sample.Content.Headers.ContentType?.MediaType);
        var csv = await sample.Content.ReadAsByteArrayAsync();

        var response = await coordinator.PostFileWithTokenAsync("/insights/import", "import-ratings", "ratings", "sample.csv", csv, await coordinator.AntiforgeryTokenAsync("/insights/import"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches(@"Imported sample\.csv: [2-9] new ratings, 0 already stored; 1 self-identification recorded apart from the ratings\.", html);
        Assert.DoesNotContain("docs/", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_RatingOfFive_SaysTheScaleIsOneToFour_AndHowToFixTheFile()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        var csv = RatingsFiles.Header + "\nint-1,c-1,ana,two-sum,problem_solving,5,2025-01-01,\n";

        var response = await coordinator.PostFileWithTokenAsync("/insights/import", "import-ratings", "ratings", "five.csv", System.Text.Encoding.UTF8.GetBytes(csv), await coordinator.AntiforgeryTokenAsync("/insights/import"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("line 2, rating: The rating 5 is outside the scale of whole points 1 to 4. " + RatingsLibrary.OutOfScaleFix, html, StringComparison.Ordinal);
        Assert.DoesNotContain("declare", html, StringComparison.OrdinalIgnoreCase);
    }
}
