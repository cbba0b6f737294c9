using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Accounts;

public sealed class SignInTests
{
    private static Dictionary<string, string> Credentials(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task SignIn_WithWrongPassword_Is401WithAClearMessage()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync("admin");
        var client = app.CreateClient();

        var response = await client.PostFormAsync("/account/login", "sign-in", Credentials(admin.Email, "wrong password here"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("That email and password do not match an account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithMalformedEmail_Is400AndNamesTheField()
    {
        await using var app = await RapportTestApp.StartAsync();

        var response = await app.CreateClient().PostFormAsync("/account/login", "sign-in", Credentials("not an email", "whatever it is"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter an email address, such as name@example.com.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AfterFiveFailures_LocksTheAccountEvenWithTheRightPassword()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync("admin");
        var client = app.CreateClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.PostFormAsync("/account/login", "sign-in", Credentials(admin.Email, "wrong password here"));
        }

        var locked = await client.PostFormAsync("/account/login", "sign-in", Credentials(admin.Email, admin.Password));
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("That email and password do not match an account", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Identity times lockouts by the system clock, not the injected one: check the stored end instead of waiting.
        var lockoutEnd = await app.InScopeAsync(async s => (await s.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(admin.Email))!.LockoutEnd);
        var expected = TimeProvider.System.GetUtcNow().AddMinutes(15);
        Assert.InRange(lockoutEnd!.Value, expected.AddMinutes(-1), expected.AddMinutes(1));
    }

    [Fact]
    public async Task SignIn_FromOneAddress_IsRateLimited()
    {
        await using var app = await RapportTestApp.StartAsync();
        var client = app.CreateClient();
        var token = await client.AntiforgeryTokenAsync("/account/login");

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= SignInRateLimit.AttemptsPerMinute; attempt++)
        {
            var response = await client.PostFormWithTokenAsync("/account/login", "sign-in", Credentials($"guess{attempt}@example.com", "wrong password here"), token);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses[..^1], status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task AdminsNewSignInLink_LetsALockedOutPersonBackIn()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Admin));
        var locked = await app.CreateStaffAsync(StaffRoles.Interviewer);
        var client = app.CreateClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.PostFormAsync("/account/login", "sign-in", Credentials(locked.Email, "wrong password here"));
        }

        var issued = await admin.PostAsJsonAsync($"/api/users/{locked.Id}/sign-in-link", new { });
        var link = (await issued.Content.ReadFromJsonAsync<SignInLinkResponse>())!.SignInLink;
        var chosen = await client.PostFormAsync(new Uri(link).PathAndQuery, "choose-password", new()
        {
            ["Input.Password"] = "a brand new passphrase",
            ["Input.Confirmation"] = "a brand new passphrase",
        });

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var again = await app.CreateClient().PostFormAsync("/account/login", "sign-in", Credentials(locked.Email, "a brand new passphrase"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRejected()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync("admin");

        var response = await app.CreateClient().PostAsync("/account/login", new FormUrlEncodedContent(
            new Dictionary<string, string>(Credentials(admin.Email, admin.Password)) { ["_handler"] = "sign-in" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSite()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync("admin");

        var response = await app.CreateClient().PostFormAsync("/account/login", "sign-in", Credentials(admin.Email, admin.Password));

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rapport.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync("admin");
        var client = await app.SignedInClientAsync(admin);

        var response = await client.PostFormAsync("/account/logout", handler: null, [], tokenPage: "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ChangedSecurityStamp_EndsEarlierSessions_AtTheNextCheck()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync("admin");
        var client = await app.SignedInClientAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // What "sign out everywhere" or a password reset does to the account.
        await app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            return await users.UpdateSecurityStampAsync((await users.FindByIdAsync(admin.Id))!);
        });
        app.Time.Advance(new SecurityStampValidatorOptions().ValidationInterval + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
