using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Coaching;

/// <summary>
/// Calibration sessions: members score a finished interview's replay blind, then see the
/// agreement and their offsets; the replay they watch has none of the panel's notes; and the
/// scores never become the loop's scorecards or Insights' ratings.
/// </summary>
public sealed class CalibrationSessionTests
{
    private static async Task<string> PageAsync(HttpClient client, Guid session) => await client.GetStringAsync($"/coaching/sessions/{session}");

    private static async Task ScoreAsync(HttpClient client, Guid session, int level)
    {
        var response = await client.PostFormAsync($"/coaching/sessions/{session}", "calibration-score", CalibrationSessionSteps.ScoreForm(level));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task MembersScoreBlind_ThenSeeTheirAgreementAndOffsets_AndNothingReachesTheLoop()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var session = await CalibrationSessionSteps.SessionOnAAsync(world, world.InterviewerOnA, world.InterviewerOnB, world.Coordinator);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);
        var bob = await app.SignedInClientAsync(world.InterviewerOnB);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        await ScoreAsync(ada, session, 3);

        // Bob has not scored: nothing of Ada's reaches him, not even that she has scored.
        var blind = await PageAsync(bob, session);
        Assert.Contains("Submit my score", blind, StringComparison.Ordinal);
        Assert.DoesNotContain("· scored", blind, StringComparison.Ordinal);
        Assert.DoesNotContain("data-alpha", blind, StringComparison.Ordinal);
        Assert.Contains("Agreement needs at least two scores", await PageAsync(ada, session), StringComparison.Ordinal);

        await ScoreAsync(bob, session, 2);
        await ScoreAsync(coordinator, session, 4);
        var results = await PageAsync(bob, session);

        // One line rated 3, 2 and 4: all the variation is within that one line, so the observed
        // disagreement equals the expected and alpha is exactly 0 (D_o = D_e over the same three pairs).
        Assert.Contains("data-alpha=\"0\"", results, StringComparison.Ordinal);
        // Each against the mean of the other two: Ada 3 − 3 = 0, Bob 2 − 3.5 = −1.5, the coordinator 4 − 2.5 = +1.5.
        Assert.Matches($"data-offset=\"{world.InterviewerOnA.Id}:problem-solving\">.*?<td>0.00</td>", results);
        Assert.Matches($"data-offset=\"{world.InterviewerOnB.Id}:problem-solving\">.*?<td>(−|&#x2212;)1.50</td>", results);
        Assert.Matches($"data-offset=\"{world.Coordinator.Id}:problem-solving\">.*?<td>(\\+|&#x2B;)1.50</td>", results);

        // A second score from the same member is refused; the first stands.
        var again = await bob.PostFormAsync($"/coaching/sessions/{session}", "calibration-score", CalibrationSessionSteps.ScoreForm(1));
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);

        // Practice only: no scorecard of the loop, no rating for Insights.
        var (scorecards, ratings, scores) = await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Scorecards.CountAsync(), await db.StoredRatings.CountAsync(), await db.CalibrationScores.CountAsync());
        });
        Assert.Equal((0, 0, 3), (scorecards, ratings, scores));
    }

    [Fact]
    public async Task TheSessionsReplay_ShowsTheRoomWithoutThePanelsNotes_AndOnlyToMembersAndAdmins()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var session = await CalibrationSessionSteps.SessionOnAAsync(world, world.InterviewerOnB, world.Coordinator);
        var bob = await app.SignedInClientAsync(world.InterviewerOnB);

        var replay = await bob.GetStringAsync($"/coaching/sessions/{session}/replay");

        Assert.Contains("Hint 1 on two-sum", replay, StringComparison.Ordinal);
        Assert.DoesNotContain("tested the empty list first", replay, StringComparison.Ordinal);  // the panel's note
        Assert.Contains($"/coaching/sessions/{session}/replay?at=", replay, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/interviews/{world.InterviewA.Interview.Id}/replay")).StatusCode);
        var ada = await app.SignedInClientAsync(world.InterviewerOnA);  // on the panel, not in the session
        Assert.Equal(HttpStatusCode.NotFound, (await ada.GetAsync($"/coaching/sessions/{session}/replay")).StatusCode);
        Assert.Contains("tested the empty list first", await ada.GetStringAsync($"/interviews/{world.InterviewA.Interview.Id}/replay"), StringComparison.Ordinal);
    }
}
