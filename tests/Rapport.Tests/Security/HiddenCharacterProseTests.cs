using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Rapport.Features.Candidates;
using Rapport.Features.Debrief;
using Rapport.Features.Feedback;
using Rapport.Features.Scorecards;
using Rapport.Tests.Feedback;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Scorecards;

namespace Rapport.Tests.Security;

/// <summary>
/// Text of several lines that others read after the room (a scorecard's evidence and reason, an
/// amendment's reason, the debrief's rationale, the candidate's letter) keeps its line breaks and
/// tabs, and refuses every other hidden character by name, as names do: one rule for all of them.
/// </summary>
public sealed class HiddenCharacterProseTests
{
    public static TheoryData<string, string> Hidden => new()
    {
        { "Solid \u202Eon the whole", "U+202E" },
        { "Solid\u2066 work", "U+2066" },
        { "Solid\u200B work", "U+200B" },
        { "Solid\u2028work", "U+2028" },
        { "Solid\u001B[2J work", "U+001B" },
        { "Solid\u0000 work", "U+0000" },
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task ScorecardEvidenceAndReason_WithAHiddenCharacter_AreRefusedNamingIt(string text, string code)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await ScorecardSteps.InterviewAsync(world);
        var interviewer = await app.SignedInClientAsync(world.InterviewerOnA);
        var content = new ScorecardContent([new SignalRating("two-sum", "problem-solving", 3, text)], "yes", text);

        var response = await interviewer.PostAsJsonAsync($"/api/interviews/{world.InterviewA.Interview.Id}/scorecard/submit", new SubmitScorecardRequest(content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(code, Assert.Single(problem!.Errors.Single(e => e.Key.EndsWith("evidence", StringComparison.Ordinal)).Value), StringComparison.Ordinal);
        Assert.Contains(code, Assert.Single(problem.Errors["why"]), StringComparison.Ordinal);
        Assert.Equal("draft", (await ScorecardSteps.GetAsync(interviewer, world.InterviewA.Interview.Id)).State);
    }

    [Fact]
    public async Task LineBreaksAndTabs_AreProse_AndKeptAsTyped()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await ScorecardSteps.InterviewAsync(world);
        var interviewer = await app.SignedInClientAsync(world.InterviewerOnA);
        const string evidence = "Asked about duplicates first.\n\tThen wrote the hash map;\r\nthen tested the empty list. تحقق من الحالات الحدية‌ها 👩‍💻";

        var submitted = await ScorecardSteps.SubmitAsync(interviewer, world.InterviewA.Interview.Id, ScorecardSteps.Complete(evidence: evidence));

        Assert.Equal("submitted", submitted.State);
        Assert.Contains(submitted.Content.Ratings!, r => r.Evidence == evidence);
    }

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task DecisionRationale_WithAHiddenCharacter_IsRefusedNamingIt_AndNothingIsDecided(string text, string code)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.InterviewedAndScoredAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);

        var response = await lead.PostAsJsonAsync($"/api/loops/{world.InterviewA.Interview.LoopId}/decision", new DecisionRequest("hire", text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(code, Assert.Single(problem!.Errors["rationale"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await lead.GetAsync(FeedbackSteps.LetterPath(world))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task FeedbackLetter_WithAHiddenCharacter_IsRefusedNamingIt_AndKeepsItsWords(string text, string code)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world, LoopDecision.NoHire);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var letter = await FeedbackSteps.OpenAsync(lead, world);

        var response = await lead.PutAsJsonAsync(FeedbackSteps.LetterPath(world), new SaveFeedbackRequest(text, letter.Feedback + "\n" + text, letter.Version));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(code, Assert.Single(problem!.Errors["outcome"]), StringComparison.Ordinal);
        Assert.Contains(code, Assert.Single(problem.Errors["feedback"]), StringComparison.Ordinal);
        var after = await FeedbackSteps.OpenAsync(lead, world);
        Assert.Equal((letter.Version, letter.Outcome, letter.Feedback), (after.Version, after.Outcome, after.Feedback));
    }
}
