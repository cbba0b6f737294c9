using System.Net;
using System.Text.Json;
using Rapport.Features.Coaching;
using Rapport.Infrastructure;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Scorecards;

namespace Rapport.Tests.Coaching;

/// <summary>
/// Who reads a report card, checked on the wire: the interviewer their own, only once their
/// scorecard is in; an admin every panel member's, but nothing drawn from a scorecard the
/// independence rule still hides from them. (The authorization matrix covers everyone else.)
/// </summary>
public sealed class ReportCardAccessTests
{
    /// <summary>A phrase of the language check: if it reaches a response, so did the scorecard's evidence.</summary>
    private const string Telltale = "culture fit";

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, Guid interviewId)
    {
        var response = await client.GetAsync($"/api/interviews/{interviewId}/report-card");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static List<JsonElement> Cards(string body) => [.. JsonDocument.Parse(body).RootElement.GetProperty("cards").EnumerateArray()];

    private static string MarkOf(JsonElement card, string key) =>
        card.GetProperty("card").GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("key").GetString() == key).GetProperty("mark").GetString()!;

    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnInterviewer_ReadsTheirOwnCard_OnlyOnceTheirScorecardIsIn(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await ScorecardSteps.InterviewAsync(world);
        var interviewer = await app.SignedInClientAsync(world.InterviewerOnA);

        var (before, waiting) = await GetAsync(interviewer, id);
        Assert.Equal(HttpStatusCode.Forbidden, before);
        Assert.Contains("opens once you have submitted your scorecard", waiting, StringComparison.Ordinal);
        var page = await interviewer.GetAsync($"/interviews/{id}/report-card");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);

        await ScorecardSteps.SubmitAsync(interviewer, id, ScorecardSteps.Complete());
        var (after, body) = await GetAsync(interviewer, id);

        Assert.Equal(HttpStatusCode.OK, after);
        var card = Assert.Single(Cards(body));
        Assert.Equal(world.InterviewerOnA.Id, card.GetProperty("interviewerId").GetString());
        Assert.Equal("Met", MarkOf(card, ReportCard.Keys.Evidence));
        Assert.Equal("Met", MarkOf(card, ReportCard.Keys.Language));
        Assert.Equal("Met", MarkOf(card, ReportCard.Keys.ScorecardOnTime));
        // The hint came the moment the question was chosen, with the candidate not even in the room.
        var hint = Assert.Single(card.GetProperty("card").GetProperty("hints").GetProperty("given").EnumerateArray());
        Assert.Equal("Early", hint.GetProperty("timing").GetString());
        var html = await (await interviewer.GetAsync($"/interviews/{id}/report-card")).Content.ReadAsStringAsync();
        Assert.Contains("data-measure=\"hint-timing\" data-mark=\"Missed\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdmin_ReadsEveryPanelMembersCard_ButNothingOfAScorecardStillHidden_UntilTheDebriefOpens()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        var second = world.InterviewerOnB;
        await ScorecardSteps.AddToPanelAsync(world, second);
        await ScorecardSteps.InterviewAsync(world, world.InterviewerOnA, second);
        var first = await app.SignedInClientAsync(world.InterviewerOnA);
        await ScorecardSteps.SubmitAsync(first, id, ScorecardSteps.Complete(evidence: $"Said the team would call it a {Telltale}; named the hash map's linear time."));
        var admin = await app.SignedInClientAsync(world.Admin);

        var (status, body) = await GetAsync(admin, id);

        Assert.Equal(HttpStatusCode.OK, status);
        var cards = Cards(body);
        Assert.Equal(2, cards.Count);
        Assert.DoesNotContain(Telltale, body, StringComparison.OrdinalIgnoreCase);
        var firsts = cards.Single(c => c.GetProperty("interviewerId").GetString() == world.InterviewerOnA.Id);
        Assert.True(firsts.GetProperty("scorecardSubmitted").GetBoolean());
        Assert.Equal("NotApplicable", MarkOf(firsts, ReportCard.Keys.Language));
        Assert.DoesNotContain(Telltale, await (await admin.GetAsync($"/interviews/{id}/report-card")).Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The second panelist, once theirs is in, reads their own card alone.
        var secondClient = await app.SignedInClientAsync(second);
        await ScorecardSteps.SubmitAsync(secondClient, id, ScorecardSteps.Complete());
        var (_, theirs) = await GetAsync(secondClient, id);
        Assert.Equal(second.Id, Assert.Single(Cards(theirs)).GetProperty("interviewerId").GetString());
        Assert.DoesNotContain(Telltale, theirs, StringComparison.OrdinalIgnoreCase);

        // Every scorecard is in, so the debrief is open: now the admin sees the language check's finding.
        var (_, opened) = await GetAsync(admin, id);
        var now = Cards(opened).Single(c => c.GetProperty("interviewerId").GetString() == world.InterviewerOnA.Id);
        Assert.Equal("Missed", MarkOf(now, ReportCard.Keys.Language));
        Assert.Contains(Telltale, opened, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheAgreedTimeForScorecards_IsTheSetting()
    {
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, "--Coaching:ScorecardDueHours=2");
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await ScorecardSteps.InterviewAsync(world);
        app.Time.Advance(TimeSpan.FromHours(3));
        var interviewer = await app.SignedInClientAsync(world.InterviewerOnA);
        await ScorecardSteps.SubmitAsync(interviewer, id, ScorecardSteps.Complete());

        var (_, body) = await GetAsync(interviewer, id);

        var card = Assert.Single(Cards(body));
        Assert.Equal("Missed", MarkOf(card, ReportCard.Keys.ScorecardOnTime));
        Assert.Contains("Submitted 3 h after the interview ended (2 h agreed).", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Coaching:ScorecardDueHours=0")]
    [InlineData("--Coaching:ScorecardDueHours=soon")]
    [InlineData("--Coaching:ScorecardDueHours=721")]
    public async Task ABadAgreedTime_StopsTheStart_NamingTheSetting(string setting)
    {
        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => RapportTestApp.StartAsync(TestStorage.Sqlite, setting));

        Assert.Contains("Coaching:ScorecardDueHours", error.Message, StringComparison.Ordinal);
    }
}
