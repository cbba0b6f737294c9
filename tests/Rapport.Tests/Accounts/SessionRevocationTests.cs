using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Accounts;

/// <summary>A session ends everywhere when its person signs out or their password changes: a copied cookie stops working at once.</summary>
public sealed class SessionRevocationTests
{
    /// <summary>A second browser holding a copy of the first one's session cookie, as a thief would.</summary>
    private static HttpClient CopyOf(RapportTestApp app, CookieContainer cookies)
    {
        var copy = new CookieContainer();
        copy.Add(cookies.GetAllCookies());
        return app.CreateClient(copy);
    }

    [Fact]
    public async Task SignOut_EndsACopiedCookie_AtOnce()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync(StaffRoles.Admin);
        var cookies = await app.SignedInCookiesAsync(admin);
        var owner = app.CreateClient(cookies);
        var thief = CopyOf(app, cookies);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/api/users")).StatusCode);

        var signedOut = await owner.PostFormAsync("/account/logout", handler: null, [], tokenPage: "/");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/")).StatusCode);
        // Signing in again works, and only the new session does.
        var again = await app.SignedInClientAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task PasswordChange_EndsEarlierSessions_AtOnce_AndKeepsTheOneThatChangedIt()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Admin));
        var person = await app.CreateStaffAsync(StaffRoles.Interviewer);
        var cookies = await app.SignedInCookiesAsync(person);
        var stolen = CopyOf(app, cookies);
        Assert.Equal(HttpStatusCode.OK, (await stolen.GetAsync("/")).StatusCode);

        var link = await (await admin.PostAsync($"/api/users/{person.Id}/sign-in-link", JsonContent.Create(new { }))).Content.ReadFromJsonAsync<SignInLinkResponse>();
        var chooser = app.CreateClient();
        var chosen = await chooser.PostFormAsync(new Uri(link!.SignInLink).PathAndQuery, "choose-password", new()
        {
            ["Input.Password"] = "an entirely new passphrase",
            ["Input.Confirmation"] = "an entirely new passphrase",
        });

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await stolen.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateClient(cookies).GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await chooser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutAnAntiforgeryToken_IsRefused_AndTheSessionGoesOn()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync(StaffRoles.Admin);
        var client = await app.SignedInClientAsync(admin);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        var wrongToken = await client.PostFormWithTokenAsync("/account/logout", null, [], "not-a-token");
        var noBody = await client.PostAsync("/account/logout", null);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users")).StatusCode);
    }
}
