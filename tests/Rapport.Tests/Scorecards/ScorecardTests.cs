using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Scorecards;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Scorecards.ScorecardSteps;

namespace Rapport.Tests.Scorecards;

/// <summary>
/// An interviewer's scorecard: the sheet read from the interview, a draft saved as typed, a
/// submission that locks it and stores its levels as ratings, amendments with their reasons.
/// </summary>
public sealed class ScorecardTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Fact]
    public async Task Sheet_HoldsTheQuestionAskedWithItsRubric_TheInterviewersOwnNotes_AndTheHintShown()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);

        var scorecard = await GetAsync(await app.SignedInClientAsync(world.InterviewerOnA), world.InterviewA.Interview.Id);

        Assert.Equal("draft", scorecard.State);
        Assert.Equal([("two-sum", "problem-solving"), ("two-sum", "code-quality")], scorecard.Sheet.Select(r => (r.Question, r.Signal)));
        var problemSolving = scorecard.Sheet[0];
        Assert.Equal("Two sum", problemSolving.QuestionTitle);
        Assert.Equal("Problem solving", problemSolving.SignalName);
        Assert.Equal(["needs the whole approach explained", "finds the quadratic approach only", "finds the linear approach with a hint", "finds the linear approach alone"], problemSolving.Levels);
        // Their own note only, with its signal tag and the moment it opens in the replay.
        var note = Assert.Single(scorecard.Notes);
        Assert.Equal("Note by Ada Interviewer: tested the empty list first.", note.Text);
        Assert.Equal("problem-solving", note.Signal);
        Assert.True(note.Sequence > 0);
        var hint = Assert.Single(scorecard.Hints);
        Assert.Equal(("two-sum", 1, "What have you already seen?"), (hint.Question, hint.Step, hint.Text));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Submitting_LocksTheScorecard_StoresItsLevelsAsRatings_AndAnAmendmentKeepsBothVersions(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;

        var submitted = await SubmitAsync(ada, id, Complete(level: 3));

        Assert.Equal("submitted", submitted.State);
        var first = Assert.Single(submitted.Revisions);
        Assert.Equal((1, (string?)null), (first.Number, first.Reason));
        Assert.Equal(HttpStatusCode.Conflict, (await ada.PostAsJsonAsync($"/api/interviews/{id}/scorecard/submit", new SubmitScorecardRequest(Complete(level: 4)))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ada.PutAsJsonAsync($"/api/interviews/{id}/scorecard/draft", new SaveScorecardDraftRequest(Complete(level: 4), submitted.DraftVersion))).StatusCode);
        Assert.Equal([("two-sum", "problem-solving", 3)], await CurrentRatingsAsync(app, id));

        var noReason = await ada.PostAsJsonAsync($"/api/interviews/{id}/scorecard/amend", new AmendScorecardRequest(Complete(level: 4), "   "));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", (await noReason.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);

        var amend = await ada.PostAsJsonAsync($"/api/interviews/{id}/scorecard/amend", new AmendScorecardRequest(Complete(level: 4), "The replay shows they found the linear approach before the hint."));
        Assert.Equal(HttpStatusCode.OK, amend.StatusCode);
        var amended = (await amend.Content.ReadFromJsonAsync<ScorecardResponse>())!;
        Assert.Equal([1, 2], amended.Revisions.Select(r => r.Number));
        Assert.Equal(3, amended.Revisions[0].Content.Ratings![0].Level);
        Assert.Equal(4, amended.Revisions[1].Content.Ratings![0].Level);
        Assert.Equal("The replay shows they found the linear approach before the hint.", amended.Revisions[1].Reason);
        // The amendment supersedes the rating; the old one stays in the history.
        Assert.Equal([("two-sum", "problem-solving", 4)], await CurrentRatingsAsync(app, id));
        Assert.Equal(2, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().StoredRatings.CountAsync(r => r.InterviewKey == id.ToString())));
    }

    [Fact]
    public async Task Drafts_SaveAsTyped_AndASaveFromAStaleTabIsRefusedInsteadOfOverwritingNewerWork()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;
        var opened = await GetAsync(ada, id);
        var half = new ScorecardContent([new SignalRating("two-sum", "problem-solving", 3, "Found the linear appro")], null, null);

        var saved = await ada.PutAsJsonAsync($"/api/interviews/{id}/scorecard/draft", new SaveScorecardDraftRequest(half, opened.DraftVersion));
        var stale = await ada.PutAsJsonAsync($"/api/interviews/{id}/scorecard/draft", new SaveScorecardDraftRequest(ScorecardContent.Empty, opened.DraftVersion));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("another tab", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reopened = await GetAsync(ada, id);
        Assert.Equal("Found the linear appro", reopened.Content.Ratings![0].Evidence);
        Assert.Equal(opened.DraftVersion + 1, reopened.DraftVersion);
        Assert.Empty(await CurrentRatingsAsync(app, id));
    }

    public static TheoryData<string, string> BadSubmissions => new()
    {
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":5,"evidence":"x y z"}],"recommendation":"yes","why":"w"}""", "ratings[0].level" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":0,"evidence":"x y z"}],"recommendation":"yes","why":"w"}""", "ratings[0].level" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":3,"evidence":"   "}],"recommendation":"yes","why":"w"}""", "ratings[0].evidence" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":3,"evidence":"LONG"}],"recommendation":"yes","why":"w"}""", "ratings[0].evidence" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":3,"evidence":"solid \u202Eon the whole"}],"recommendation":"yes","why":"w"}""", "ratings[0].evidence" },
        { """{"ratings":[{"question":"two-sum","signal":"charisma","level":3,"evidence":"x y z"}],"recommendation":"yes","why":"w"}""", "ratings[0].signal" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":3,"evidence":"x y z"},{"question":"two-sum","signal":"problem-solving","level":2,"evidence":"x"}],"recommendation":"yes","why":"w"}""", "ratings[1].signal" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":3,"evidence":"x y z","moments":[99999]}],"recommendation":"yes","why":"w"}""", "ratings[0].moments" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":null}],"recommendation":"yes","why":"w"}""", "ratings" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":3,"evidence":"x y z"}],"recommendation":"maybe","why":"w"}""", "recommendation" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":3,"evidence":"x y z"}],"why":"w"}""", "recommendation" },
        { """{"ratings":[{"question":"two-sum","signal":"problem-solving","level":3,"evidence":"x y z"}],"recommendation":"no","why":" "}""", "why" },
        { """{"ratings":null,"recommendation":"no","why":"w"}""", "ratings" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task ABadSubmission_IsRefusedNamingTheField_AndLeavesTheDraftAsItWas(string body, string field)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;
        var json = $"{{\"content\":{body.Replace("LONG", new string('e', ScorecardRules.MaxEvidenceLength + 1), StringComparison.Ordinal)}}}";

        var response = await ada.PostAsync($"/api/interviews/{id}/scorecard/submit", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.True(problem.Errors.ContainsKey(field), $"{field} not in {string.Join(", ", problem.Errors.Keys)}");
        var after = await GetAsync(ada, id);
        Assert.Equal("draft", after.State);
        Assert.Empty(after.Revisions);
        Assert.Empty(await CurrentRatingsAsync(app, id));
    }

    [Fact]
    public async Task OnlyThePanelHasAScorecard_AndOnlyOnceTheInterviewHasStarted()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);

        Assert.Equal(HttpStatusCode.Conflict, (await ada.GetAsync($"/api/interviews/{id}/scorecard")).StatusCode);
        await InterviewAsync(world);
        foreach (var stranger in new[] { world.InterviewerOnB, world.Coordinator, world.Admin })
        {
            var client = await app.SignedInClientAsync(stranger);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/interviews/{id}/scorecard")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/interviews/{id}/scorecard/submit", new SubmitScorecardRequest(Complete()))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await ada.GetAsync($"/api/interviews/{Guid.NewGuid()}/scorecard")).StatusCode);
    }

    [Fact]
    public async Task TheLanguageCheck_NoticesAListedPhraseAndAnEvidenceThatOnlyRestatesTheLevel_AndTheSubmissionKeepsItsFindings()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;
        var opened = await GetAsync(ada, id);
        var content = new ScorecardContent(
            [
                new SignalRating("two-sum", "problem-solving", 2, "Not a culture fit, a bit aggressive when pushed."),
                new SignalRating("two-sum", "code-quality", 3, "good"),
            ],
            "no",
            "Not for us.");

        var draft = await ada.PutAsJsonAsync($"/api/interviews/{id}/scorecard/draft", new SaveScorecardDraftRequest(content, opened.DraftVersion));
        var findings = (await draft.Content.ReadFromJsonAsync<ScorecardResponse>())!.Findings;

        var onFirst = Assert.Single(findings, f => f.Rating == 0).Findings;
        Assert.Contains(onFirst, f => f.Kind == LanguageCheckFindingKind.ListedPhrase && f.Matched.Equals("culture fit", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(onFirst, f => f.Kind == LanguageCheckFindingKind.ListedPhrase && f.Matched.StartsWith("aggressive", StringComparison.OrdinalIgnoreCase));
        var culture = onFirst.First(f => f.Matched.Equals("culture fit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(culture.Matched, content.Ratings![0].Evidence!.Substring(culture.Start, culture.Length));
        Assert.Contains(Assert.Single(findings, f => f.Rating == 1).Findings, f => f.Kind == LanguageCheckFindingKind.RestatesLevel);

        // The check suggests; it never blocks. The findings stay with the submission, for coaching.
        var submitted = await SubmitAsync(ada, id, content);
        Assert.Equal(findings.Sum(f => f.Findings.Count), submitted.Revisions.Single().Findings.Sum(f => f.Findings.Count));
    }

    private static Task<List<(string, string, int)>> CurrentRatingsAsync(RapportTestApp app, Guid interviewId) =>
        app.InScopeAsync(async s => (await s.GetRequiredService<AppDbContext>().StoredRatings.AsNoTracking()
            .Where(r => r.InterviewKey == interviewId.ToString() && r.SupersededAt == null)
            .ToListAsync())
            .Select(r => (r.QuestionKey, r.Signal, r.Value)).OrderBy(r => r.Signal, StringComparer.Ordinal).ToList());
}
