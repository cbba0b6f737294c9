using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>Steps several flows share: the admin signs in, plans an interview and copies its candidate link.</summary>
public static class AdminFlows
{
    public static async Task<IPage> SignInAsync(IBrowserContext context, RapportServer server)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{server.BaseUrl}/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GetByLabel("Email").FillAsync(RapportServer.AdminEmail);
        await page.GetByLabel("Password").FillAsync(RapportServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Interviews" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>
    /// Plans an interview a few days ahead with the admin (or the people named) on the panel; returns the candidate link shown once.
    /// Planning finds the candidate by email: give a test its own email for a candidate (and a loop) of its own.
    /// </summary>
    public static async Task<string> PlanAsync(IPage page, string candidateName, string? kit = null, int inDays = 7, IReadOnlyList<string>? panel = null, string email = "candidate@example.org")
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Plan an interview" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(candidateName);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Role they interview for").FillAsync("ML Engineer");
        if (kit is not null)
        {
            await page.Locator("#kit").SelectOptionAsync(kit);
        }
        else
        {
            await page.GetByLabel("Length (minutes; empty: the kit's)").FillAsync("60");
        }

        await page.GetByLabel("Date").FillAsync(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(inDays).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Start time").FillAsync("10:30");
        await page.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        foreach (var interviewer in panel ?? ["Avery Admin"])
        {
            await page.GetByLabel(interviewer).CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Plan interview" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Interview planned" })).ToBeVisibleAsync();
        var link = await page.GetByLabel("Candidate link").InputValueAsync();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/c/[A-Za-z0-9_-]{43}$", link);
        return link;
    }

    /// <summary>
    /// The admin invites an interviewer on the People page; the invitee opens the one-time sign-in
    /// link in their own browser context and chooses a password. Returns the invitee's signed-in page.
    /// </summary>
    public static async Task<IPage> InviteInterviewerAsync(IPage admin, IBrowserContext invitee, RapportServer server, string name, string email)
    {
        await admin.GotoAsync($"{server.BaseUrl}/users");
        await admin.GetByLabel("Name").FillAsync(name);
        await admin.GetByLabel("Email").FillAsync(email);
        await admin.GetByLabel("Role").SelectOptionAsync("interviewer");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        var link = await admin.GetByRole(AriaRole.Textbox, new() { Name = "Sign-in link", Exact = true }).InputValueAsync();

        var page = await invitee.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {name}" })).ToBeVisibleAsync();
        await page.GetByLabel("New password").FillAsync($"{name} chose this passphrase");
        await page.GetByLabel("Repeat the password").FillAsync($"{name} chose this passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Interviews" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>From the "planned" page to the interviewer's room.</summary>
    public static async Task OpenRoomAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the interview" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the room" }).ClickAsync();
    }
}
