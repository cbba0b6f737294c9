using System.Data.Common;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rapport.Data;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>
/// The pad's authority: nothing leaves the server before it is in the log, and the change sets
/// that make editors disagree (a split character, an empty replacement) are refused with a reason.
/// </summary>
public sealed class PadAuthorityTests
{
    /// <summary>How long the log is held while a pull and a fresh editor look for the edit it holds back.</summary>
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(2);

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task AnEditNotYetInTheLog_IsNeitherPulledNorOpenedNorBroadcast_AndArrivesOnceItIs(string provider)
    {
        using var logs = new CapturedLogs();
        await using var app = await RapportTestApp.StartAsync(provider, logs);
        var world = await InterviewWorld.CreateAsync(app);
        var (typist, _) = await OpenCandidatePadAsync(app, world);
        var (reader, _) = await OpenInterviewerPadAsync(app, world);
        await using var _t = typist;
        await using var _r = reader;
        var broadcast = 0;
        using var counting = reader.Hub.On<IReadOnlyList<PadUpdateMessage>>("PadUpdated", _ => Interlocked.Increment(ref broadcast));

        // Everything that needs the database to write (signing in, connecting) happens before the hold.
        await using var fresh = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.Coordinator));
        Task<PadPushed> push;
        Task<PadOpened> opening;
        await using (await HoldRoomLogAsync(app, provider))
        {
            // The commit waits for the held lock; meanwhile nobody may see version 1. Pulls are cheap,
            // so the push reaches the pad long before the watch ends.
            push = PushAsync(typist.Hub, 0, "[[0,\"typed\"]]");
            var until = TimeProvider.System.GetUtcNow() + Watch;
            while (TimeProvider.System.GetUtcNow() < until && !push.IsCompleted)
            {
                Assert.Empty(await reader.Hub.InvokeAsync<IReadOnlyList<PadUpdateMessage>>("Pull", 0));
                await Task.Delay(50);
            }

            // Opening waits for the pad's lock, which the push holds until its commit: it may not
            // answer yet, and if it does, not with the edit.
            opening = RoomTestSteps.JoinAndOpenPadAsync(fresh.Hub, world.InterviewA.Interview.Id);
            await Task.WhenAny(opening, Task.Delay(500));
            if (opening.IsCompleted)
            {
                var early = await opening;
                Assert.True(early is { Version: 0, Text: "" }, "a new editor was served the edit before it was in the log");
            }

            Assert.Equal(0, Volatile.Read(ref broadcast));
            Assert.False(push.IsCompleted, $"the push ended while the log could not take it: {(push.IsFaulted ? push.Exception!.InnerException!.Message : "acknowledged")}; the server said: {string.Join("\n", logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Text))}");
        }

        PadPushed pushed;
        try
        {
            pushed = await push.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Microsoft.AspNetCore.SignalR.HubException e)
        {
            throw new InvalidOperationException($"{e.Message}; the server said: {string.Join("\n", logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Text))}", e);
        }

        Assert.True(pushed.Accepted, pushed.Problem);
        Assert.Single(await reader.Hub.InvokeAsync<IReadOnlyList<PadUpdateMessage>>("Pull", 0));
        var openedAfter = await opening;
        Assert.Contains((openedAfter.Version, openedAfter.Text), new[] { (0, ""), (1, "typed") });
        var logged = await app.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().RoomEvents.CountAsync(e => e.InterviewId == world.InterviewA.Interview.Id && e.Type == "pad-updated"));
        Assert.Equal(1, logged);
    }

    [Fact]
    public async Task APushOfSeveralUpdates_IsLoggedInOrder_AsConsecutiveEvents()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (typist, _) = await OpenCandidatePadAsync(app, world);
        await using var _t = typist;

        var updates = new[] { "[[0,\"a\"]]", "[1,[0,\"b\"]]", "[2,[0,\"c\"]]" }.Select(j => System.Text.Json.JsonDocument.Parse(j).RootElement).ToArray();
        var pushed = await typist.Hub.InvokeAsync<PadPushed>("Push", 0, updates);

        Assert.True(pushed.Accepted, pushed.Problem);
        Assert.Equal(3, pushed.Version);
        var events = await app.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().RoomEvents
            .Where(e => e.InterviewId == world.InterviewA.Interview.Id && e.Type == "pad-updated").OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(3, events.Count);
        Assert.Equal([events[0].Sequence, events[0].Sequence + 1, events[0].Sequence + 2], events.Select(e => e.Sequence));
        Assert.Single(events.Select(e => e.At).Distinct());
    }

    [Fact]
    public async Task APushWithoutAList_IsRefusedWithAReason()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (typist, _) = await OpenCandidatePadAsync(app, world);
        await using var _t = typist;

        var pushed = await typist.Hub.InvokeAsync<PadPushed>("Push", 0, null);

        Assert.False(pushed.Accepted);
        Assert.Contains("Send between 1 and", pushed.Problem, StringComparison.Ordinal);
    }

    /// <summary>The pad holds "a😀b": the emoji is two UTF-16 units, at positions 1 and 2.</summary>
    [Theory]
    [InlineData("[2,[0,\"x\"],2]", 2)] // typing between the halves
    [InlineData("[2,[1],1]", 2)] // deleting the second half
    [InlineData("[1,[1],2]", 2)] // deleting the first half
    [InlineData("[2,[2,\"x\"]]", 2)] // replacing from the middle to the end
    [InlineData("[[2,\"x\"],2]", 2)] // replacing from the start to the middle
    public async Task AChangeInsideACharacter_IsRefused_AndThePadKeepsItWhole(string changes, int position)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (typist, _) = await OpenCandidatePadAsync(app, world);
        var (peer, _) = await OpenInterviewerPadAsync(app, world);
        await using var _t = typist;
        await using var _p = peer;
        Assert.True((await PushAsync(typist.Hub, 0, "[[0,\"a😀b\"]]")).Accepted);

        var pushed = await PushAsync(typist.Hub, 1, changes);

        Assert.False(pushed.Accepted);
        Assert.Contains($"at position {position}, between the two halves of one character", pushed.Problem, StringComparison.Ordinal);
        var opened = await peer.Hub.InvokeAsync<PadOpened>("OpenPad");
        Assert.Equal((1, "a😀b"), (opened.Version, opened.Text));
        // The whole character may go, or text may go in beside it.
        Assert.True((await PushAsync(typist.Hub, 1, "[1,[2],1]")).Accepted);
        Assert.True((await PushAsync(typist.Hub, 2, "[1,[0,\"🙂\"],1]")).Accepted);
        Assert.Equal("a🙂b", (await peer.Hub.InvokeAsync<PadOpened>("OpenPad")).Text);
    }

    /// <summary>The pad holds "abc"; an empty kept span (<c>0</c>) anywhere is refused (an empty replacement, <c>[0]</c>, is harmless).</summary>
    [Theory]
    [InlineData("[3,0]", 1)]
    [InlineData("[0,3]", 0)]
    [InlineData("[1,0,2]", 1)]
    [InlineData("[1,[1,\"x\"],0,1]", 2)]
    public async Task AnEmptyKeptSpan_IsRefused(string changes, int part)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var (typist, _) = await OpenCandidatePadAsync(app, world);
        await using var _t = typist;
        Assert.True((await PushAsync(typist.Hub, 0, "[[0,\"abc\"]]")).Accepted);

        var pushed = await PushAsync(typist.Hub, 1, changes);

        Assert.False(pushed.Accepted);
        Assert.Contains($"keeps an empty span at part {part}", pushed.Problem, StringComparison.Ordinal);
        Assert.True((await PushAsync(typist.Hub, 1, "[3,[0,\"d\"]]")).Accepted);
    }

    /// <summary>Holds the room log's table so that no event can be committed until disposed.</summary>
    private static async Task<IAsyncDisposable> HoldRoomLogAsync(RapportTestApp app, string provider)
    {
        var connectionString = await app.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<AppDbContext>().Database.GetConnectionString()!));
        DbConnection connection = provider == TestStorage.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var hold = connection.CreateCommand())
        {
            // SQLite: the write lock for the whole database; PostgreSQL: the log's table, readers still welcome.
            hold.CommandText = provider == TestStorage.Postgres ? "BEGIN; LOCK TABLE \"RoomEvents\" IN EXCLUSIVE MODE;" : "BEGIN IMMEDIATE;";
            await hold.ExecuteNonQueryAsync();
        }

        return new Held(connection);
    }

    private sealed class Held(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var release = connection.CreateCommand())
            {
                release.CommandText = "ROLLBACK;";
                await release.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
