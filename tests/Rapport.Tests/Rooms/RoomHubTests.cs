using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Questions.Format;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Questions;

namespace Rapport.Tests.Rooms;

public sealed class RoomHubTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    private static readonly QuestionDocument TwoSum = BankCheck.Check([new("questions/two-sum.md", BankFiles.Question)]).Bank!.Questions[0].Document;

    private static async Task<T> NextAsync<T>(HubConnection hub, string method)
    {
        var received = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = hub.On<T>(method, value => received.TrySetResult(value));
        return await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CandidateConnection_NeverReceivesNotesFactsRubricOrUnrevealedHints(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");

        var chosen = NextAsync<ChosenQuestionView>(candidate.Hub, "QuestionChosen");
        await interviewer.Hub.InvokeAsync("MoveToSection", id, 1);
        await interviewer.Hub.InvokeAsync("ChooseQuestion", id, 1, "two-sum");
        Assert.Contains("Return the indices", (await chosen).Question.PromptHtml, StringComparison.Ordinal);
        var note = NextAsync<NoteView>(interviewer.Hub, "NoteAdded");
        await interviewer.Hub.InvokeAsync("AddNote", id, "Private: strong on hashing, nervous start", "problem-solving");
        await note;
        var fact = NextAsync<FactView>(interviewer.Hub, "FactRecorded");
        await candidate.Hub.InvokeAsync("RecordFact", SessionFact.TabHidden, "for 12 seconds");
        await fact;
        var hint = NextAsync<RevealedHintView>(candidate.Hub, "HintRevealed");
        await interviewer.Hub.InvokeAsync("RevealHint", id, "two-sum", 1);
        Assert.Equal(TwoSum.Interviewer.Hints[0].Text, (await hint).Text);

        // A fresh candidate connection's snapshot is built from the log: still nothing private.
        await using var rejoined = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        var view = await rejoined.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        Assert.Equal("Main Problem", view.CurrentSection!.Title);
        Assert.Single(view.Hints);

        string[] secrets =
        [
            "Private: strong on hashing",
            "for 12 seconds",
            TwoSum.Interviewer.Hints[1].Text,
            TwoSum.Interviewer.Hints[2].Text,
            .. TwoSum.Interviewer.Rubric.SelectMany(r => r.Levels),
            .. TwoSum.Interviewer.FollowUps,
            "seen[n] = i",
        ];
        foreach (var connection in new[] { candidate, rejoined })
        {
            Assert.Contains(TwoSum.Interviewer.Hints[0].Text, connection.Received, StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, connection.Received, StringComparison.Ordinal);
            }
        }

        Assert.Contains("Private: strong on hashing", interviewer.Received, StringComparison.Ordinal);
        Assert.Contains(TwoSum.Interviewer.Hints[1].Text, interviewer.Received, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RoomLog_KeepsEveryEventInOrder_WithHowLongTheCandidateWasStuckBeforeAHint(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);

        await interviewer.Hub.InvokeAsync("MoveToSection", id, 1);
        await interviewer.Hub.InvokeAsync("ChooseQuestion", id, 1, "two-sum");
        app.Time.Advance(TimeSpan.FromMinutes(3));
        await interviewer.Hub.InvokeAsync("RevealHint", id, "two-sum", 1);

        var events = await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Interviewers, CancellationToken.None));
        Assert.Equal(["joined", "section-changed", "question-chosen", "hint-revealed"], events.Select(e => e.Entry.Type));
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Entry.Sequence));
        Assert.Equal(180, ((HintRevealed)events[3].Payload).SecondsWithoutProgress);
        Assert.Equal(TimeSpan.FromMinutes(3), events[3].Entry.At - events[2].Entry.At);
        Assert.Equal(world.InterviewerOnA.Id, events[3].Entry.ActorId);
    }

    [Fact]
    public async Task InterviewerNotOnThePanel_CannotJoinOrActInTheRoom()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var stranger = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnB));

        var join = await Assert.ThrowsAsync<HubException>(() => stranger.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id));
        await Assert.ThrowsAsync<HubException>(() => stranger.Hub.InvokeAsync("AddNote", id, "x", (string?)null));

        Assert.Contains("Only the interview's panel can do this.", join.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RoomEvents.CountAsync(e => e.InterviewId == id)));
    }

    [Fact]
    public async Task CandidateOfAnotherInterview_JoinsOnlyTheirOwnRoom()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await using var candidateB = await RoomConnection.OpenAsync(app, candidateToken: world.TokenB);

        var view = await candidateB.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        await Assert.ThrowsAsync<HubException>(() => candidateB.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", world.InterviewA.Interview.Id));

        Assert.Equal("Bruno Candidate", view.CandidateName);
        Assert.DoesNotContain("Alice", candidateB.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedLink_CannotOpenAConnection()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        await coordinator.DeleteAsync($"/api/interviews/{world.InterviewA.Interview.Id}/candidate-link");

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => RoomConnection.OpenAsync(app, candidateToken: world.TokenA));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task NoteThatIsTooLong_IsRefusedToTheSenderOnly()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);

        var error = await Assert.ThrowsAsync<HubException>(() => interviewer.Hub.InvokeAsync("AddNote", id, new string('x', RoomHub.MaxNoteLength + 1), (string?)null));

        Assert.Contains("at most 4000 characters", error.Message, StringComparison.Ordinal);
    }
}
