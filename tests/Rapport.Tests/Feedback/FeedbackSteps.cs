using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Candidates;
using Rapport.Features.Debrief;
using Rapport.Features.Feedback;
using Rapport.Features.Scorecards;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Rooms;
using Rapport.Tests.Scorecards;

namespace Rapport.Tests.Feedback;

/// <summary>Loops that were interviewed, scored and decided, and their letters.</summary>
public static class FeedbackSteps
{
    public const string Code = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i";

    public static string LetterPath(InterviewWorld world) => $"/api/loops/{world.InterviewA.Interview.LoopId}/feedback";

    /// <summary>
    /// Interview A as it went: the candidate wrote <see cref="Code"/> in the pad for two-sum, the
    /// interviewer took <paramref name="note"/>, then ended it and submitted a scorecard with
    /// <paramref name="content"/> (by default problem solving strong, code quality to grow).
    /// </summary>
    public static async Task InterviewedAndScoredAsync(InterviewWorld world, string note = "Tested the empty list first.", ScorecardContent? content = null)
    {
        var id = world.InterviewA.Interview.Id;
        await using (var room = await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(world.InterviewerOnA)))
        {
            await room.Hub.InvokeCoreAsync("JoinAsInterviewer", typeof(object), [id]);
            await room.Hub.InvokeCoreAsync("ChooseQuestion", typeof(object), [id, 1, "two-sum"]);
            await RoomTestSteps.WritePadAsync(world.App, world.TokenA, Code);
            await room.Hub.InvokeCoreAsync("AddNote", typeof(object), [id, note, "problem-solving"]);
            await room.Hub.InvokeCoreAsync("EndInterview", typeof(object), [id]);
        }

        await ScorecardSteps.SubmitAsync(await world.App.SignedInClientAsync(world.InterviewerOnA), id, content ?? Scored());
    }

    public static ScorecardContent Scored(string evidence = ScorecardSteps.Evidence, string why = "Solved it with a sound approach and checked their own work.", string recommendation = "yes") => new(
        [
            new SignalRating("two-sum", "problem-solving", 4, evidence, [1]),
            new SignalRating("two-sum", "code-quality", 1, evidence + " The loop had no tests at all.", [1]),
        ],
        recommendation,
        why);

    /// <summary>The debrief's decision, recorded by the coordinator (interview A's debrief lead) through the debrief's API.</summary>
    public static async Task DecideAsync(InterviewWorld world, LoopDecision decision, string rationale = "The panel agreed on the evidence.")
    {
        var lead = await world.App.SignedInClientAsync(world.Coordinator);
        var response = await lead.PostAsJsonAsync(
            $"/api/loops/{world.InterviewA.Interview.LoopId}/decision", new DecisionRequest(DecisionRules.Name(decision), rationale));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static async Task DecidedAsync(InterviewWorld world, LoopDecision decision = LoopDecision.NoHire)
    {
        await InterviewedAndScoredAsync(world);
        await DecideAsync(world, decision);
    }

    public static async Task<FeedbackLetterResponse> OpenAsync(HttpClient client, InterviewWorld world)
    {
        var response = await client.GetAsync(LetterPath(world));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FeedbackLetterResponse>())!;
    }

    public static async Task<FeedbackLetterResponse> ActAsync(HttpClient client, InterviewWorld world, string action, object body)
    {
        var response = await client.PostAsJsonAsync($"{LetterPath(world)}/{action}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FeedbackLetterResponse>())!;
    }

    /// <summary>Decided, drafted, approved and sent by the coordinator (interview A's debrief lead).</summary>
    public static async Task<FeedbackLetterResponse> SentAsync(InterviewWorld world, LoopDecision decision = LoopDecision.NoHire)
    {
        await DecidedAsync(world, decision);
        var lead = await world.App.SignedInClientAsync(world.Coordinator);
        var letter = await OpenAsync(lead, world);
        await ActAsync(lead, world, "approve", new ApproveFeedbackRequest(letter.Version));
        return await ActAsync(lead, world, "send", new { });
    }

    public static Task<int> OutboxCountAsync(RapportTestApp app, string cause) =>
        app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.CountAsync(m => m.Cause == cause));
}
