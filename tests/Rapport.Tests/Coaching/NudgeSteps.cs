using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Coaching;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Coaching;

public static class NudgeSteps
{
    private static readonly ConditionalWeakTable<InterviewWorld, string> Shown = [];

    /// <summary>Interview A's panel starts the introductions and lets them run past their 5 minutes: the panel is nudged. Returns its key.</summary>
    public static async Task<string> SectionOverAsync(InterviewWorld world)
    {
        var id = world.InterviewA.Interview.Id;
        await using (var room = await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(world.InterviewerOnA)))
        {
            await room.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", id);
            await room.Hub.InvokeAsync("MoveToSection", id, 0);
            world.App.Time.Advance(TimeSpan.FromMinutes(6));
            await world.App.Services.GetRequiredService<NudgeWatch>().CheckAsync(CancellationToken.None);
        }

        var log = await world.App.InScopeAsync(s => s.GetRequiredService<RoomLog>().ReadAsync(id, RoomAudience.Interviewers, CancellationToken.None));
        var key = log.Select(e => e.Payload).OfType<NudgeShown>().Single().Key;
        Shown.AddOrUpdate(world, key);
        return key;
    }

    /// <summary>The key <see cref="SectionOverAsync"/> showed in this world.</summary>
    public static string KeyShownIn(InterviewWorld world) => Shown.TryGetValue(world, out var key) ? key : throw new InvalidOperationException("No nudge was shown in this world yet.");
}
