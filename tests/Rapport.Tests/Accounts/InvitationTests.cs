using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Accounts;

public sealed class InvitationTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task InvitedInterviewer_ChoosesAPasswordOnceAndSignsIn(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var admin = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Admin));

        var response = await admin.PostAsJsonAsync("/api/users", new InviteStaffRequest("new.person@example.com", "New Person", StaffRoles.Interviewer));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invited = await response.Content.ReadFromJsonAsync<InvitedStaffResponse>();
        var welcome = new Uri(invited!.SignInLink).PathAndQuery;

        var newcomer = app.CreateClient();
        var chosen = await newcomer.PostFormAsync(welcome, "choose-password", new()
        {
            ["Input.Password"] = "a long enough passphrase",
            ["Input.Confirmation"] = "a long enough passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetAsync("/")).StatusCode);

        // The link worked once; now it is spent.
        var again = await app.CreateClient().GetAsync(welcome);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("This sign-in link no longer works", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChoosingAShortPassword_IsRefusedWithTheRule()
    {
        await using var app = await RapportTestApp.StartAsync();
        var link = await app.InScopeAsync(async s => (await s.GetRequiredService<StaffAccounts>()
            .CreateAsync(new NewStaffAccount("short@example.com", "Short", StaffRoles.Interviewer), CancellationToken.None)).SignInLink!);
        var welcome = new Uri(link).PathAndQuery;

        var response = await app.CreateClient().PostFormAsync(welcome, "choose-password", new()
        {
            ["Input.Password"] = "short",
            ["Input.Confirmation"] = "short",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Passwords must be at least 12 characters.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task InvitingTheSameEmailTwice_Is409AndKeepsOneAccount(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var admin = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Admin));
        var request = new InviteStaffRequest("twice@example.com", "Twice", StaffRoles.Interviewer);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", request)).StatusCode);
        var second = await admin.PostAsJsonAsync("/api/users", request with { Email = "Twice@Example.com" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("already exists", problem!.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.CountAsync(u => u.NormalizedEmail == "TWICE@EXAMPLE.COM")));
    }

    [Fact]
    public async Task InvitingWithBadFields_NamesEachFieldAndCreatesNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Admin));

        var response = await admin.PostAsJsonAsync("/api/users", new InviteStaffRequest("nope", new string('n', 101), "overlord"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Equal(["displayName", "email", "role"], problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("use one of admin, coordinator, interviewer", problem.Errors["role"][0], StringComparison.Ordinal);
        Assert.Equal(1, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.CountAsync()));
    }

    [Fact]
    public async Task FirstStart_CreatesOneAdminWithASignInLink_AndLaterStartsDoNot()
    {
        await using var app = await RapportTestApp.StartAsync();

        var first = await app.InScopeAsync(s => s.GetRequiredService<StaffAccounts>().EnsureFirstAdminAsync("owner@example.com", CancellationToken.None));
        Assert.NotNull(first);
        var renewed = await app.InScopeAsync(s => s.GetRequiredService<StaffAccounts>().EnsureFirstAdminAsync("owner@example.com", CancellationToken.None));
        Assert.NotNull(renewed);
        Assert.Equal(1, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.CountAsync()));

        var chosen = await app.CreateClient().PostFormAsync(new Uri(renewed!).PathAndQuery, "choose-password", new()
        {
            ["Input.Password"] = "the owner's passphrase",
            ["Input.Confirmation"] = "the owner's passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Null(await app.InScopeAsync(s => s.GetRequiredService<StaffAccounts>().EnsureFirstAdminAsync("owner@example.com", CancellationToken.None)));
    }
}
