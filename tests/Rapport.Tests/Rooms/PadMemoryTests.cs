using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Rooms;

/// <summary>
/// A pad nobody has used for a while is let go, and comes back from the log exactly as it was: a
/// server that hosts interviews day after day does not keep every one of them.
/// </summary>
public sealed class PadMemoryTests
{
    [Fact]
    public async Task AnIdlePad_IsLetGo_AndTheNextEditBuildsItFromTheLog_WithNothingLostOrServedTwice()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var pads = app.Services.GetRequiredService<PadRegistry>();
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        var (interviewer, _) = await OpenInterviewerPadAsync(app, world);
        await using var _c = candidate;
        await using var _i = interviewer;
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"def f():\"]]")).Accepted);
        Assert.Equal("text", (await interviewer.Hub.InvokeAsync<PadLanguageSwitched>("SwitchLanguage", "text")).Language);
        var loads = pads.Loads;

        // Used within the expiry: kept.
        app.Time.Advance(PadRegistry.IdleExpiry / 2);
        Assert.True((await PushAsync(candidate.Hub, 1, "[8,[0,\" pass\"]]")).Accepted);
        app.Time.Advance(PadRegistry.IdleExpiry / 2 + TimeSpan.FromMinutes(1));
        Assert.Equal((1, loads), (pads.Count, pads.Loads));

        // Idle for the whole expiry: let go, with its language.
        app.Time.Advance(PadRegistry.IdleExpiry);
        Assert.Equal(0, pads.Count);

        var heard = NextAsync<IReadOnlyList<PadUpdateMessage>>(interviewer.Hub, "PadUpdated");
        var after = await PushAsync(candidate.Hub, 2, "[13,[0,\"\",\"\"]]");
        Assert.True(after.Accepted, after.Problem);
        Assert.Equal("[13,[0,\"\",\"\"]]", Assert.Single(await heard).Changes.GetRawText());
        Assert.Equal(loads + 1, pads.Loads);
        var pulled = await interviewer.Hub.InvokeAsync<IReadOnlyList<PadUpdateMessage>>("Pull", 0);
        Assert.Equal([0, 1, 2], pulled.Select(u => u.Version));
        var reopened = await interviewer.Hub.InvokeAsync<PadOpened>("OpenPad");
        Assert.Equal((3, "def f(): pass\n", "text"), (reopened.Version, reopened.Text, reopened.Language));
    }

    [Fact]
    public async Task APadBusyWhenTheSweepComes_IsKept()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var pads = app.Services.GetRequiredService<PadRegistry>();
        var (candidate, _) = await OpenCandidatePadAsync(app, world);
        await using var _c = candidate;
        Assert.True((await PushAsync(candidate.Hub, 0, "[[0,\"x\"]]")).Accepted);

        using (await pads.LockAsync(world.InterviewA.Interview.Id, CancellationToken.None))
        {
            app.Time.Advance(PadRegistry.IdleExpiry + TimeSpan.FromMinutes(1));
            Assert.Equal(1, pads.Count);
        }

        pads.ForgetIdle();
        Assert.Equal(0, pads.Count);
    }
}
