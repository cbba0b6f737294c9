using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Interviews;
using Rapport.Features.Questions;
using Rapport.Features.Questions.Format;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Questions;

public sealed partial class BankPagesTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Fact]
    public async Task CandidatePreview_HoldsThePromptAndNothingForInterviewers()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var question = BankCheck.Check([new("questions/two-sum.md", BankFiles.Question)]).Bank!.Questions[0].Document;

        var html = await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync("/bank/questions/two-sum");
        var preview = CandidateArticle().Match(html);

        Assert.True(preview.Success, "the page has no candidate preview");
        var candidate = WebUtility.HtmlDecode(preview.Value);
        var page = WebUtility.HtmlDecode(html);
        Assert.Contains("Return the indices of the two numbers", candidate, StringComparison.Ordinal);
        Assert.Contains("def two_sum(numbers, target):", candidate, StringComparison.Ordinal);
        string[] secrets =
        [
            .. question.Interviewer.Hints.Select(h => h.Text),
            .. question.Interviewer.Rubric.SelectMany(r => r.Levels),
            .. question.Interviewer.FollowUps,
            "seen[n] = i",
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, candidate, StringComparison.Ordinal);
            Assert.Contains(secret, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BankSearch_FindsByTagAndKind()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var client = await app.SignedInClientAsync(world.InterviewerOnA);

        Assert.Contains("/bank/questions/two-sum", await client.GetStringAsync("/bank?tag=arrays"), StringComparison.Ordinal);
        Assert.DoesNotContain("/bank/questions/two-sum", await client.GetStringAsync("/bank?tag=graphs"), StringComparison.Ordinal);
        var api = await client.GetFromJsonAsync<List<QuestionSummaryResponse>>("/api/bank/questions?kind=coding&language=python");
        Assert.Equal(["two-sum"], api!.Select(q => q.Id));
        Assert.Empty((await client.GetFromJsonAsync<List<QuestionSummaryResponse>>("/api/bank/questions?kind=ml-concepts"))!);
    }

    [Fact]
    public async Task EditingInTheBrowser_WritesANewVersionAndShowsTheDiff()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var edited = BankFiles.Question.Replace("title: Two sum", "title: Two sum with a twist", StringComparison.Ordinal);

        var saved = await coordinator.PostFormAsync("/bank/questions/two-sum/edit", "edit-bank-document", new() { ["Input.Source"] = edited, ["Input.Action"] = "save" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith("/bank/questions/two-sum/versions/2", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var diff = WebUtility.HtmlDecode(await coordinator.GetStringAsync("/bank/questions/two-sum/versions/2"));
        Assert.Contains("<span class=\"removed\">- title: Two sum\n", diff, StringComparison.Ordinal);
        Assert.Contains("<span class=\"added\">+ title: Two sum with a twist\n", diff, StringComparison.Ordinal);
        Assert.Contains("<span class=\"same\">  id: two-sum\n", diff, StringComparison.Ordinal);
        Assert.Contains($"edited in the browser by {world.Coordinator.Email}", diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingInTheBrowser_WithAMistake_ShowsWhereAndSavesNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.PostFormAsync("/bank/questions/two-sum/edit", "edit-bank-document", new()
        {
            ["Input.Source"] = BankFiles.Question.Replace("duration: 20", "duration: forever", StringComparison.Ordinal),
            ["Input.Action"] = "save",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("questions/two-sum.md line 6, column 11:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().BankDocumentVersions.CountAsync(v => v.Document!.Key == "two-sum")));
    }

    public static TheoryData<string, string> Bombs => new()
    {
        {
            BankFiles.Question.Replace("      expected: [0, 2]\n", "      expected:\n        a: &a [lol, lol, lol, lol, lol, lol, lol, lol]\n        b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n        c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n        d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n", StringComparison.Ordinal),
            "*c"
        },
        {
            BankFiles.Question.Replace("Return the indices of the two numbers that add up to the target.", string.Concat(Enumerable.Repeat("[a](", 12_000)), StringComparison.Ordinal),
            "# Prompt"
        },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task EditingInTheBrowser_ABomb_IsRefusedWithItsPlaceAndSavesNothing(string source, string place)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.PostFormAsync("/bank/questions/two-sum/edit", "edit-bank-document", new() { ["Input.Source"] = source, ["Input.Action"] = "save" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var at = source.IndexOf(place, StringComparison.Ordinal);
        var (line, column) = (source[..at].Count(c => c == '\n') + 1, at - source.LastIndexOf('\n', at));
        Assert.Contains($"questions/two-sum.md line {line}, column {column}:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().BankDocumentVersions.CountAsync(v => v.Document!.Key == "two-sum")));
    }

    private static readonly string[] BankPages =
        ["/bank", "/bank?tag=arrays", "/bank/questions/two-sum", "/bank/kits/screen", "/api/bank/questions", "/api/bank/questions/two-sum", "/api/bank/kits"];

    [Fact]
    public async Task BankPages_ParseEachStoredVersionOnce_NotOnEveryRequest()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var client = await app.SignedInClientAsync(world.InterviewerOnA);
        var parsed = app.Services.GetRequiredService<ParsedVersions>();

        for (var round = 0; round < 3; round++)
        {
            foreach (var page in BankPages)
            {
                (await client.GetAsync(page)).EnsureSuccessStatusCode();
            }
        }

        // The bank holds two versions, the question and the kit: planning the world's interviews parsed them.
        Assert.Equal(2, parsed.Parses);
    }

    [Fact]
    public async Task EditingAQuestion_ParsesOnlyTheEditedText_AndItsNewVersionOnce()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var parsed = app.Services.GetRequiredService<ParsedVersions>();
        var before = parsed.Parses;

        await coordinator.PostFormAsync("/bank/questions/two-sum/edit", "edit-bank-document", new()
        {
            ["Input.Source"] = BankFiles.Question.Replace("title: Two sum", "title: Two sum, edited", StringComparison.Ordinal),
            ["Input.Action"] = "save",
        });
        foreach (var page in BankPages.Concat(BankPages))
        {
            Assert.DoesNotContain(">Two sum<", await coordinator.GetStringAsync(page), StringComparison.Ordinal);
        }

        // The edited text when saving, then its new version once; the kit and the old version are not parsed again.
        Assert.Equal(before + 2, parsed.Parses);
    }

    [Fact]
    public async Task KitPage_ShowsTheBudgetAndTheCoverage()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);

        var html = WebUtility.HtmlDecode(await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync("/bank/kits/screen"));

        Assert.Contains("aria-label=\"Introductions 5 minutes; Main Problem 20 minutes; Candidate Questions 10 minutes\"", html, StringComparison.Ordinal);
        Assert.Contains("width=\"571.43\"", html, StringComparison.Ordinal);
        Assert.Contains("✓ Main Problem", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KitBuilder_Check_ShowsAnUncoveredSignalWithoutSaving()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.PostFormAsync("/bank/kits/screen/edit", "edit-bank-document", new()
        {
            ["Input.Source"] = BankFiles.Kit.Replace("signals: [problem-solving]", "signals: [problem-solving, collaboration]", StringComparison.Ordinal),
            ["Input.Action"] = "check",
        });

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("the kit must cover 'collaboration'", html, StringComparison.Ordinal);
        Assert.Equal(1, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().BankDocumentVersions.CountAsync(v => v.Document!.Key == "screen")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task InterviewPlannedFromAKit_KeepsTheVersionsItStartedWith(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var request = InterviewWorld.Request(app, "Kit Candidate", "kit@example.org", world.InterviewerOnA) with { KitId = "screen", DurationMinutes = null };

        var planned = await (await coordinator.PostAsJsonAsync("/api/interviews", request)).Content.ReadFromJsonAsync<PlannedInterviewResponse>();
        await coordinator.PostFormAsync("/bank/questions/two-sum/edit", "edit-bank-document", new()
        {
            ["Input.Source"] = BankFiles.Question.Replace("title: Two sum", "title: Two sum, edited later", StringComparison.Ordinal),
            ["Input.Action"] = "save",
        });

        Assert.Equal(35, planned!.Interview.DurationMinutes);
        Assert.Equal("screen", planned.Interview.KitId);
        var pinned = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().InterviewBankPins
            .Where(p => p.InterviewId == planned.Interview.Id).Select(p => new { p.Version!.Document!.Key, p.Version.Number }).ToListAsync());
        Assert.Equal([("screen", 1), ("two-sum", 1)], pinned.Select(p => (p.Key, p.Number)).Order());
        var history = await coordinator.GetStringAsync("/bank/questions/two-sum");
        Assert.Contains($"href=\"/interviews/{planned.Interview.Id}\">Kit Candidate</a>", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanningWithAnUnknownKit_NamesTheField()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.PostAsJsonAsync("/api/interviews", InterviewWorld.Request(app, "X", "x@example.org", world.InterviewerOnA) with { KitId = "no-such-kit" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("There is no kit 'no-such-kit' in the bank", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownFromTheBank_CannotCarryScriptOrRawHtml()
    {
        var html = MarkdownHtml.Render("Hi <script>alert(1)</script> [x](javascript:alert(2)) [y](https://example.com)");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<article class=\"candidate-view\".*?</article>", RegexOptions.Singleline)]
    private static partial Regex CandidateArticle();
}
