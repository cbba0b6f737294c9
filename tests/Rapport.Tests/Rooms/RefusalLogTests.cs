using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>Refused hub calls are expected: a warning without a stack trace, once per connection and cause a minute, never a flood of errors.</summary>
public sealed class RefusalLogTests
{
    private static async Task<int> FloodAsync(HubConnection hub, int calls)
    {
        var refused = 0;
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await hub.InvokeAsync("MoveCursor", 0, 0, 0);
            }
            catch (HubException)
            {
                refused++;
            }
        }

        return refused;
    }

    [Fact]
    public async Task RateLimitRefusals_AreOneWarningPerConnectionAMinute_WithoutAStackTrace()
    {
        var logs = new CapturedLogs();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, logs);
        var world = await InterviewWorld.CreateAsync(app);
        var (flooder, _) = await OpenCandidatePadAsync(app, world);
        var (other, _) = await OpenInterviewerPadAsync(app, world);
        await using var _f = flooder;
        await using var _o = other;

        var first = await FloodAsync(flooder.Hub, 150);
        var second = await FloodAsync(other.Hub, 150);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        var stillWithinTheMinute = await FloodAsync(flooder.Hub, 1000);
        app.Time.Advance(TimeSpan.FromSeconds(31));
        var nextMinute = await FloodAsync(flooder.Hub, 1000);

        Assert.True(first > 50 && second > 50 && stillWithinTheMinute > 50 && nextMinute > 50, $"refused {first}, {second}, {stillWithinTheMinute}, {nextMinute}");
        var refusals = logs.Entries.Where(e => e.Message.Contains("Too many messages", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.All(refusals, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.All(refusals, e => Assert.DoesNotContain("   at ", e.Message, StringComparison.Ordinal));
        // The flooder twice (a minute apart), the other connection once.
        Assert.Equal(3, refusals.Count);
        Assert.Contains("MoveCursor", refusals[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherRefusals_AreWarningsToo_OncePerCause()
    {
        var logs = new CapturedLogs();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, logs);
        var world = await InterviewWorld.CreateAsync(app);
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;

        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync("MoveCursor", 999_999, 0, 0));
        }

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        var refusal = Assert.Single(logs.Entries, e => e.Message.Contains("There is no version 999999", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.DoesNotContain("   at ", refusal.Message, StringComparison.Ordinal);
    }
}
