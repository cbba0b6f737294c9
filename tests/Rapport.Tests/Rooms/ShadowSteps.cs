using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>Interview A with shadows on its panel, and its lead taken.</summary>
public static class ShadowSteps
{
    /// <summary>Sets interview A's panel (before it starts): these interviewers, and these shadows.</summary>
    public static async Task SetPanelAsync(InterviewWorld world, string[] interviewers, params ShadowRequest[] shadows)
    {
        var coordinator = await world.App.SignedInClientAsync(world.Coordinator);
        var response = await coordinator.PutAsJsonAsync($"/api/interviews/{world.InterviewA.Interview.Id}/panel", new PanelRequest(interviewers, shadows));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Interview A led by a trainee ("Tia Trainee", a reverse shadow), its interviewer watching.</summary>
    public static async Task<StaffMember> ReverseShadowedAsync(InterviewWorld world)
    {
        var trainee = await world.App.CreateStaffAsync(StaffRoles.Interviewer, "Tia Trainee");
        await SetPanelAsync(world, [world.InterviewerOnA.Id], new ShadowRequest(trainee.Id, "reverse-shadow"));
        return trainee;
    }

    /// <summary>Interview A reverse-shadowed, and its interviewer took the lead from the trainee.</summary>
    public static async Task LeadTakenAsync(InterviewWorld world)
    {
        await ReverseShadowedAsync(world);
        await using var room = await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(world.InterviewerOnA));
        await room.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", world.InterviewA.Interview.Id);
        Assert.True((await room.Hub.InvokeAsync<PanelPartView>("TakeTheLead", world.InterviewA.Interview.Id)).MayHandBack);
    }
}
