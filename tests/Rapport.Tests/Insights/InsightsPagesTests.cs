using System.Diagnostics;
using System.Net;
using System.Text;
using Rapport.Features.Accounts;
using Rapport.Features.Insights;
using Rapport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rapport.Tests.Insights;

public sealed class InsightsPagesTests(ITestOutputHelper output)
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv, string fileName = "export.csv") =>
        await client.PostFileWithTokenAsync("/insights/import", "import-ratings", "ratings", fileName, Encoding.UTF8.GetBytes(csv), await client.AntiforgeryTokenAsync("/insights/import"));

    private static Task<int> StoredAsync(RapportTestApp app) =>
        app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().CountAsync(CancellationToken.None));

    [Fact]
    public async Task Upload_GoodFile_IsStored_AndSaysWhatWasAdded()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));

        var response = await UploadAsync(coordinator, RatingsFiles.FourFifthsExample());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Imported export.csv: 488 new ratings, 0 already stored; 122 self-identifications recorded apart from the ratings.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(488, await StoredAsync(app));
    }

    [Fact]
    public async Task Upload_WithABadRow_ShowsTheLine_AndStoresNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));

        var response = await UploadAsync(coordinator, RatingsFiles.FourFifthsExample() + "int-x,cand-x,ana,two-sum,problem_solving,9,2025-01-01,\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Nothing was imported from export.csv.", html, StringComparison.Ordinal);
        Assert.Contains("line 490, rating: The rating 9 is outside the scale of whole points 1 to 4.", html, StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync(app));
    }

    [Fact]
    public async Task Upload_TooLarge_IsRefusedWithTheWayAround()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        var huge = RatingsFiles.Header + "\n" + new string(' ', (int)Features.Insights.Pages.ImportRatingsPage.MaximumFileBytes);

        var response = await UploadAsync(coordinator, huge);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more than the 20 MB the upload takes. Import it with 'rapport ratings import FILE.csv'", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync(app));
    }

    [Fact]
    public async Task Upload_WithoutTheAntiforgeryToken_IsRefused()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));

        var response = await coordinator.PostFileWithTokenAsync("/insights/import", "import-ratings", "ratings", "export.csv", Encoding.UTF8.GetBytes(RatingsFiles.FourFifthsExample()), token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await StoredAsync(app));
    }

    [Fact]
    public async Task InsightsPage_ShowsThePlotsAndTables_AndRestrictedFindingsOnlyToHiringManagers_NeverToTheInterviewer()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        var biased = await app.CreateStaffAsync(StaffRoles.Interviewer);
        var other = await app.CreateStaffAsync(StaffRoles.Interviewer);
        // 600 candidates × 4 interviews × 5 signals; interviewer j00 rates 'group B' a logit lower than the model.
        var csv = RatingsFiles.Simulated(600, biasedInterviewers: 1).Replace(",j00,", $",{biased.Email},", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(coordinator, csv)).StatusCode);

        var watch = Stopwatch.StartNew();
        var page = await coordinator.GetAsync("/insights");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        output.WriteLine($"GET /insights over {await StoredAsync(app)} ratings: {watch.ElapsedMilliseconds} ms in all; {System.Text.RegularExpressions.Regex.Match(html, "Computed in [0-9]+ ms").Value}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("12000 ratings of 600 candidates by 12 interviewers on 8 questions", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"severity-title\">Interviewer severity, logits, with 95 % intervals</title>", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"reliability-title\">", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"candidates-title\">Candidates: calibrated fair average with 95 % interval, beside the raw average</title>", html, StringComparison.Ordinal);
        Assert.Contains("pass rate by month", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" class=\"name\">c000</th>", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Selection rates by group", html, StringComparison.Ordinal);
        Assert.Contains($"<strong>Restricted: </strong>Rates candidates who identify as 'group B'", html, StringComparison.Ordinal);
        // The biased interviewer's candidates are listed for those who may see restricted findings, without their groups.
        var review = html[html.IndexOf("<h2 id=\"review\">", StringComparison.Ordinal)..html.IndexOf("<h2 id=\"impact\">", StringComparison.Ordinal)];
        Assert.Contains("no finding is not evidence of no bias", review, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\" class=\"name\">{biased.Email}</th>", review, StringComparison.Ordinal);
        Assert.Matches("<td>c[0-9]{3}, c[0-9]{3}, ", review);
        // Probabilities above the bar carry one decimal at most: no 1e-55, no "0%".
        Assert.Matches("<td>([0-9]{1,2}\\.[0-9] %|&lt; 0\\.1 %|&gt; 99\\.9 %|< 0\\.1 %|> 99\\.9 %)</td>", html);
        Assert.DoesNotMatch("<td>[0-9.]+E-[0-9]+</td>", html);

        var interviewer = await app.SignedInClientAsync(biased);
        // The query asks for someone else's report; the page has no such parameter and shows only the caller's own.
        var page2 = WebUtility.HtmlDecode(await (await interviewer.GetAsync("/insights/me?interviewer=j01")).Content.ReadAsStringAsync());
        var own = page2[page2.IndexOf("<main", StringComparison.Ordinal)..page2.IndexOf("</main>", StringComparison.Ordinal)];
        Assert.Matches("[0-9]+ ratings of [0-9]+ candidates. Raw average", own);
        Assert.DoesNotContain("group", own, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Candidates rated by an interviewer", own, StringComparison.Ordinal);
        Assert.DoesNotContain("j01", own, StringComparison.Ordinal);
        // Their severity as a picture too: one row, theirs, and nobody else's in the picture either.
        var plot = own[own.IndexOf("<svg", StringComparison.Ordinal)..(own.IndexOf("</svg>", StringComparison.Ordinal) + 6)];
        Assert.Contains("<title id=\"severity-title\">", plot, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(plot, "<circle class=\"estimate\""));
        Assert.Contains($"<title>{biased.Email}: ", plot, StringComparison.Ordinal);
        Assert.DoesNotMatch(",j[0-9]{2}|>j[0-9]{2}|j[0-9]{2}:", plot);
        Assert.Contains("/account/access-denied", (await interviewer.GetAsync("/insights")).Headers.Location?.OriginalString, StringComparison.Ordinal);

        var someoneElse = WebUtility.HtmlDecode(await (await (await app.SignedInClientAsync(other)).GetAsync("/insights/me")).Content.ReadAsStringAsync());
        Assert.Contains($"There are no stored ratings under your email address ({other.Email}) yet.", someoneElse, StringComparison.Ordinal);
        Assert.DoesNotContain(biased.Email, someoneElse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsightsPage_IsCalibratedAgain_AfterAnImportAddsRatings()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        await UploadAsync(coordinator, RatingsFiles.FourFifthsExample());
        var before = await coordinator.GetStringAsync("/insights");

        await UploadAsync(coordinator, RatingsFiles.FourFifthsExample() + "int-new,cand-new,ana,two-sum,problem_solving,4,2025-06-01,\n");
        var after = await coordinator.GetStringAsync("/insights");

        Assert.Contains("488 ratings of 122 candidates", before, StringComparison.Ordinal);
        Assert.Contains("489 ratings of 123 candidates", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsightsPage_WithNothingStored_SaysHowToStart()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));

        var html = await coordinator.GetStringAsync("/insights");

        Assert.Contains("No ratings are stored yet.", html, StringComparison.Ordinal);
    }
}
