using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Rapport.Features.Scorecards;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Scorecards.ScorecardSteps;

namespace Rapport.Tests.Scorecards;

/// <summary>
/// The interviewer's scorecard page as a browser without JavaScript uses it: the sheet with its
/// rubric, notes and hints; Save draft, Submit and Amend posting the form (post, redirect, get),
/// problems beside their fields and nothing changed when refused.
/// </summary>
public sealed class ScorecardPageTests
{
    [Fact]
    public async Task Page_ShowsEachLevelWithItsRubric_TheInterviewersOwnNoteLinkedToTheReplay_AndTheHintShown()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await AddToPanelAsync(world, world.InterviewerOnB);
        await InterviewAsync(world, world.InterviewerOnA, world.InterviewerOnB);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;
        var sheet = await GetAsync(ada, id);

        var response = await ada.GetAsync(Page(id));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var row in sheet.Sheet)
        {
            Assert.Contains($"<legend>{row.SignalName}</legend>", html, StringComparison.Ordinal);
            for (var level = 1; level <= 4; level++)
            {
                Assert.Contains($"<strong>{level}</strong> · {row.Levels[level - 1]}", html, StringComparison.Ordinal);
            }
        }

        Assert.Contains("Hints shown: 1. What have you already seen?", html, StringComparison.Ordinal);
        var note = Assert.Single(sheet.Notes);
        Assert.Contains($"href=\"/interviews/{id}/replay?at={note.Sequence}\"", html, StringComparison.Ordinal);
        Assert.Contains(note.Text, html, StringComparison.Ordinal);
        // Never the other panelist's note, even though the same signal is tagged.
        Assert.DoesNotContain("Note by Bob Interviewer", html, StringComparison.Ordinal);
        // The note tagged with problem solving starts that line's evidence, its moment linked.
        Assert.Matches(new Regex($"name=\"ratings\\[0\\]\\.evidence\"[^>]*>{Regex.Escape(note.Text)}</textarea>"), html);
        Assert.Matches(new Regex($"name=\"ratings\\[0\\]\\.moments\" value=\"{note.Sequence}\" checked"), html);
    }

    [Fact]
    public async Task Page_IsNotFoundForAnyoneOffThePanel_AndSaysWhyForAnInterviewNotYetHeld()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;

        var planned = await (await app.SignedInClientAsync(world.InterviewerOnA)).GetAsync(Page(id));
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        Assert.Contains("its scorecard opens once the panel is in the room", await planned.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await InterviewAsync(world);
        foreach (var stranger in new[] { world.InterviewerOnB, world.Coordinator, world.Admin })
        {
            var response = await (await app.SignedInClientAsync(stranger)).GetAsync(Page(id));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("What have you already seen?", html, StringComparison.Ordinal);
            Assert.DoesNotContain("tested the empty list first", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SaveDraft_ThroughTheForm_RedirectsBackToThePage_AndKeepsWhatWasTypedExactly()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;
        var opened = await GetAsync(ada, id);
        // Odd Unicode and a browser's CR LF line break: stored as typed, the line break as one LF.
        var evidence = "Naïve O(n²) first,\r\nthen the hash map — 👍 and \u05e9\u05dc\u05d5\u05dd";
        var content = Complete(level: 2, evidence: evidence, recommendation: "no");

        var response = await PostAsync(ada, id, "scorecard", Fields(content, "save", opened.DraftVersion));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"/interviews/{id}/scorecard?done=saved", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var saved = await GetAsync(ada, id);
        Assert.Equal("draft", saved.State);
        Assert.Equal(opened.DraftVersion + 1, saved.DraftVersion);
        var rating = saved.Content.Ratings!.Single(r => r.Signal == "problem-solving");
        Assert.Equal((2, evidence.Replace("\r\n", "\n", StringComparison.Ordinal)), (rating.Level, rating.Evidence));
        Assert.Equal([1L], rating.Moments);
        Assert.Null(saved.Content.Ratings!.Single(r => r.Signal == "code-quality").Level);
        Assert.Equal(("no", content.Why), (saved.Content.Recommendation, saved.Content.Why));

        var page = await (await ada.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("Draft saved.", page, StringComparison.Ordinal);

        // The same form from a tab that had not seen that save: refused, the newer draft kept.
        var stale = await PostAsync(ada, id, "scorecard", Fields(Complete(level: 4), "save", opened.DraftVersion));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("saved from another tab", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await GetAsync(ada, id)).Content.Ratings!.Single(r => r.Signal == "problem-solving").Level);
    }

    [Fact]
    public async Task Submit_WithALevelButNoEvidence_ShowsTheMessageByTheField_AndChangesNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;
        var before = await GetAsync(ada, id);

        var response = await PostAsync(ada, id, "scorecard", Fields(Complete(level: 3, evidence: "   "), "submit", before.DraftVersion));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("needs its evidence", Problem(html, "ratings[0].evidence") ?? "", StringComparison.Ordinal);
        Assert.Null(Problem(html, "ratings[1].evidence"));
        Assert.Contains("Nothing was saved.", html, StringComparison.Ordinal);
        // What was posted is shown again to fix, not lost.
        Assert.Contains(WebUtility.HtmlEncode(Complete().Why!), html, StringComparison.Ordinal);
        var after = await GetAsync(ada, id);
        Assert.Equal(("draft", before.DraftVersion, before.Content.ToJson()), (after.State, after.DraftVersion, after.Content.ToJson()));
        Assert.Empty(after.Revisions);
    }

    [Theory]
    [InlineData("x", "ratings[0].level")]
    [InlineData("7", "ratings[0].level")]
    [InlineData("-1", "ratings[0].level")]
    public async Task ALevelOffTheScale_IsRefusedBesideItsField(string level, string field)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;
        var before = await GetAsync(ada, id);
        var fields = Fields(Complete(), "save", before.DraftVersion).Select(f => f.Key == "ratings[0].level" ? new KeyValuePair<string, string>(f.Key, level) : f).ToList();

        var response = await PostAsync(ada, id, "scorecard", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(Problem(await response.Content.ReadAsStringAsync(), field));
        Assert.Equal(before.DraftVersion, (await GetAsync(ada, id)).DraftVersion);
    }

    [Fact]
    public async Task Submit_ThroughTheForm_LocksIt_ShowsItReadOnlyWithTheDebriefLink_AndAmendingNeedsAReason()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var id = world.InterviewA.Interview.Id;
        var dashboard = await (await ada.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("Scorecards to write", dashboard, StringComparison.Ordinal);
        Assert.Contains($"href=\"/interviews/{id}/scorecard\"", dashboard, StringComparison.Ordinal);

        var submitted = await PostAsync(ada, id, "scorecard", Fields(Complete(level: 3), "submit", (await GetAsync(ada, id)).DraftVersion));

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var page = await (await ada.GetAsync(submitted.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("Your submitted scorecard · version 1", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/loops/{world.InterviewA.Interview.LoopId}/debrief\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-scorecard", page, StringComparison.Ordinal);
        Assert.Contains("Amend this scorecard", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/interviews/{id}/scorecard\"", await (await ada.GetAsync("/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Submitting again through the (stale) draft form is refused: it is locked.
        var again = await PostAsync(ada, id, "scorecard", Fields(Complete(level: 4), "submit", 0));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // An amendment without a reason changes nothing and says so beside the reason.
        var unexplained = await PostAsync(ada, id, "amend", [.. Fields(Complete(level: 4), null, null), new("reason", " \r\n ")]);
        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        Assert.NotNull(Problem(await unexplained.Content.ReadAsStringAsync(), "reason"));
        var locked = await GetAsync(ada, id);
        Assert.Equal(3, Assert.Single(locked.Revisions).Content.Ratings!.Single(r => r.Signal == "problem-solving").Level);

        var amended = await PostAsync(ada, id, "amend", [.. Fields(Complete(level: 4), null, null), new("reason", "The replay shows the linear approach came alone.")]);
        Assert.Equal(HttpStatusCode.Redirect, amended.StatusCode);
        var both = await GetAsync(ada, id);
        Assert.Equal([(1, (int?)3), (2, 4)], both.Revisions.Select(r => (r.Number, r.Content.Ratings!.Single(x => x.Signal == "problem-solving").Level)));
        var shown = WebUtility.HtmlDecode(await (await ada.GetAsync(amended.Headers.Location)).Content.ReadAsStringAsync());
        Assert.Contains("Your submitted scorecard · version 2", shown, StringComparison.Ordinal);
        Assert.Contains("The replay shows the linear approach came alone.", shown, StringComparison.Ordinal);
        Assert.Contains("Version 1, as submitted", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APostFromSomeoneOffThePanel_IsNotFound_AndChangesNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await InterviewAsync(world);
        var id = world.InterviewA.Interview.Id;
        var bob = await app.SignedInClientAsync(world.InterviewerOnB);
        var token = await bob.AntiforgeryTokenAsync("/");

        foreach (var form in new[] { "scorecard", "amend" })
        {
            var response = await bob.PostFormWithTokenAsync(Page(id), form, [.. Fields(Complete(), "submit", 0), new("reason", "hostile")], token);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        Assert.Equal(("draft", 0), ((await GetAsync(ada, id)).State, (await GetAsync(ada, id)).DraftVersion));
    }

    private static string Page(Guid id) => $"/interviews/{id}/scorecard";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string form, List<KeyValuePair<string, string>> fields) =>
        await client.PostFormWithTokenAsync(Page(id), form, fields, await client.AntiforgeryTokenAsync(Page(id)));

    /// <summary>The fields the page's form posts for <paramref name="content"/>, in the sheet's order.</summary>
    private static List<KeyValuePair<string, string>> Fields(ScorecardContent content, string? action, int? version)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var ratings = content.Ratings ?? [];
        for (var i = 0; i < ratings.Count; i++)
        {
            fields.Add(new($"ratings[{i}].question", ratings[i].Question ?? ""));
            fields.Add(new($"ratings[{i}].signal", ratings[i].Signal ?? ""));
            fields.Add(new($"ratings[{i}].level", ratings[i].Level?.ToString(CultureInfo.InvariantCulture) ?? ""));
            fields.Add(new($"ratings[{i}].evidence", ratings[i].Evidence ?? ""));
            fields.AddRange((ratings[i].Moments ?? []).Select(m => new KeyValuePair<string, string>($"ratings[{i}].moments", m.ToString(CultureInfo.InvariantCulture))));
        }

        fields.Add(new("recommendation", content.Recommendation ?? ""));
        fields.Add(new("why", content.Why ?? ""));
        if (action is not null)
        {
            fields.Add(new("action", action));
        }

        if (version is not null)
        {
            fields.Add(new("version", version.Value.ToString(CultureInfo.InvariantCulture)));
        }

        return fields;
    }

    /// <summary>The message the page shows beside <paramref name="field"/>, or null.</summary>
    private static string? Problem(string html, string field)
    {
        var match = Regex.Match(html, $"<div data-problems=\"{Regex.Escape(field)}\">\\s*<div class=\"validation-message\"[^>]*>([^<]+)</div>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }
}
