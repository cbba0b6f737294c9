using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// A candidate's page (or a script with its link) reporting facts as fast as the room allows must
/// not flood the log: facts are coalesced per connection and capped per room, and the replay still
/// says how many there were and how long the tab was away.
/// </summary>
public sealed class SessionFactFloodTests
{
    /// <summary>The room's rate limit refills one call every 50 ms; the flood keeps exactly to it.</summary>
    private static readonly TimeSpan CallEvery = TimeSpan.FromSeconds(1.0 / ConnectionRateLimit.PerSecond);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ThousandsOfTabSwitchesFromOneConnection_StoreABoundedNumberOfFacts_AndTheReplaySaysHowManyAndHowLong(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        const int switches = 1500;
        var started = app.Time.GetUtcNow();
        await using (var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA))
        {
            await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
            for (var i = 0; i < switches; i++)
            {
                await candidate.Hub.InvokeAsync("RecordFact", SessionFact.TabHidden, (string?)null);
                app.Time.Advance(CallEvery);
                await candidate.Hub.InvokeAsync("RecordFact", SessionFact.TabVisible, "after 0 s");
                app.Time.Advance(CallEvery);
            }
        }

        var elapsed = app.Time.GetUtcNow() - started;
        // Every fact is accounted for once the closed connection has handed over what it still held.
        var facts = await Eventually.ReadAsync(
            () => app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Interviewers, CancellationToken.None)),
            events => events.Select(e => e.Payload).OfType<SessionFact>().Sum(f => f.Times) == 2 * switches,
            "every fact counted in the log");

        var stored = facts.Select(e => e.Payload).OfType<SessionFact>().ToList();
        Assert.Equal(switches, stored.Where(f => f.Kind == SessionFact.TabHidden).Sum(f => f.Times));
        Assert.Equal(switches, stored.Where(f => f.Kind == SessionFact.TabVisible).Sum(f => f.Times));
        // Per kind: the first fact, one per window while it lasts, and what the closing connection held.
        var bound = 2 * ((int)(elapsed / SessionFactTallies.Window) + 2);
        Assert.InRange(stored.Count, 2, bound);
        // Each switch was away one call's interval by the server's clock: 1,500 × 50 ms.
        Assert.Equal(switches * CallEvery.TotalSeconds, stored.Sum(f => f.SecondsAway ?? 0), precision: 3);

        var client = await app.SignedInClientAsync(world.InterviewerOnA);
        var page = await client.GetStringAsync($"/interviews/{id}/replay");
        Assert.InRange(page.Length, 1, 100_000);
        Assert.Contains("Tab in the background 1,500 times, 1 min 15 s in all.", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("counted but not stored", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FactsPastTheRoomsCeiling_AreCountedNotStored_AndTheReplaySaysSo()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        // Each round is longer than a window, so every fact of it would be stored on its own: only the ceiling holds them back.
        var away = TimeSpan.FromSeconds(10);
        var round = SessionFactTallies.Window + TimeSpan.FromSeconds(1);
        const int extraRounds = 20;
        var rounds = (SessionFactTallies.MaxStoredPerRoom / 2) + extraRounds;
        await using (var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA))
        {
            await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
            for (var i = 0; i < rounds; i++)
            {
                await candidate.Hub.InvokeAsync("RecordFact", SessionFact.TabHidden, (string?)null);
                app.Time.Advance(away);
                await candidate.Hub.InvokeAsync("RecordFact", SessionFact.TabVisible, (string?)null);
                app.Time.Advance(round - away);
            }
        }

        var events = await Eventually.ReadAsync(
            () => app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Interviewers, CancellationToken.None)),
            events => events.Select(e => e.Payload).OfType<SessionFactsNotStored>().Sum(n => n.Counts.Sum(c => c.Times)) == 2 * extraRounds,
            "the facts past the ceiling counted in the log");

        Assert.Equal(SessionFactTallies.MaxStoredPerRoom, events.Count(e => e.Payload is SessionFact));
        Assert.Equal(2 * rounds, events.Select(e => e.Payload).OfType<SessionFact>().Sum(f => f.Times) + (2 * extraRounds));
        var client = await app.SignedInClientAsync(world.InterviewerOnA);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/interviews/{id}/replay"));
        // 120 rounds of 10 s away: 20 minutes, the uncounted rounds included.
        Assert.Contains($"Tab in the background {rounds} times, 20 min in all.", page, StringComparison.Ordinal);
        Assert.Contains($"The room stores at most {SessionFactTallies.MaxStoredPerRoom} facts: {2 * extraRounds} more were counted but not stored", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFewFactsAtHumanPace_AreEachStoredAndSentAsTheyHappen()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var id = world.InterviewA.Interview.Id;
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");

        var hidden = RoomTestSteps.NextAsync<FactView>(interviewer.Hub, "FactRecorded");
        await candidate.Hub.InvokeAsync("RecordFact", SessionFact.TabHidden, (string?)null);
        await hidden;
        app.Time.Advance(TimeSpan.FromSeconds(42));
        var back = RoomTestSteps.NextAsync<FactView>(interviewer.Hub, "FactRecorded");
        await candidate.Hub.InvokeAsync("RecordFact", SessionFact.TabVisible, "after 42 s");
        Assert.Equal("after 42 s", (await back).Detail);

        var facts = (await app.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Interviewers, CancellationToken.None)))
            .Select(e => e.Payload).OfType<SessionFact>().ToList();
        Assert.Equal([(SessionFact.TabHidden, 1, (double?)null), (SessionFact.TabVisible, 1, 42.0)], facts.Select(f => (f.Kind, f.Times, f.SecondsAway)));
    }

    public static TheoryData<string> Providers => TestStorage.Providers;
}
