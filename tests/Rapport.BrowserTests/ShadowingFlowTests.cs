using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>
/// Reverse shadowing through the real pages: the coordinator puts a trainee on the panel to lead,
/// the candidate is told who leads and why, the trainee types while the interviewer watches with a
/// read-only pad and no controls, the interviewer takes over and hands the lead back.
/// </summary>
public sealed class ShadowingFlowTests(RapportServer server, BrowserSession browser)
    : IClassFixture<RapportServer>, IClassFixture<BrowserSession>
{
    private const string Trainee = "Tia Trainee";
    private const string Told = "Tia Trainee leads this interview: in her first month of interviewing. Avery Admin will watch and may step in.";

    [Fact]
    public Task ATraineeLeads_TheInterviewerWatchesReadOnly_TakesOver_AndHandsBack() =>
        browser.RunAsync(nameof(ATraineeLeads_TheInterviewerWatchesReadOnly_TakesOver_AndHandsBack), async context =>
        {
            var admin = await AdminFlows.SignInAsync(context, server);
            await using var traineeContext = await browser.Browser.NewContextAsync();
            var trainee = await AdminFlows.InviteInterviewerAsync(admin, traineeContext, server, Trainee, "tia@example.com");

            // The coordinator plans the interview, then makes the trainee its reverse shadow on its page.
            await admin.GotoAsync($"{server.BaseUrl}/");
            var link = await AdminFlows.PlanAsync(admin, "Rui Candidate", "mle-coding-screen", 3, email: "rui@example.org");
            var interviewPath = await admin.GetByRole(AriaRole.Link, new() { Name = "Open the interview" }).GetAttributeAsync("href");
            await admin.GotoAsync($"{server.BaseUrl}{interviewPath}");
            var panel = admin.Locator("form:has(button:text('Save the panel'))");
            var row = panel.Locator(".check", new() { HasText = Trainee });
            await row.GetByRole(AriaRole.Checkbox).CheckAsync();
            await row.Locator("select").SelectOptionAsync("reverse-shadow");
            await row.GetByPlaceholder("why they shadow (the candidate reads it)").FillAsync("in her first month of interviewing");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Save the panel" }).ClickAsync();
            await Assertions.Expect(admin.Locator("[data-region=shadowing]")).ToHaveTextAsync(Told);

            // The candidate is told, on their page and in the room.
            await using var candidateContext = await browser.Browser.NewContextAsync();
            var candidate = await candidateContext.NewPageAsync();
            await candidate.GotoAsync(link);
            await Assertions.Expect(candidate.Locator("[data-region=shadowing]")).ToHaveTextAsync(Told);
            await candidate.GotoAsync($"{link}/room");
            await Assertions.Expect(candidate.Locator("[data-region=shadowing] li")).ToHaveTextAsync(Told);

            // The trainee leads: their pad is editable and their controls are there.
            await trainee.GotoAsync($"{server.BaseUrl}{interviewPath}/room");
            await Assertions.Expect(trainee.Locator("[data-region=part-says]")).ToHaveTextAsync("You lead this interview; the interviewers watch and may take over.");
            var traineePad = trainee.Locator("[data-region=pad] .cm-content");
            await Assertions.Expect(traineePad).ToHaveAttributeAsync("contenteditable", "true");
            await trainee.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(1).ClickAsync();

            // The interviewer watches: read-only pad, no controls, and "Take over".
            await admin.GotoAsync($"{server.BaseUrl}{interviewPath}/room");
            await Assertions.Expect(admin.Locator("[data-region=part-says]")).ToHaveTextAsync("Tia Trainee leads this interview; you watch. Take over if they need you.");
            var adminPad = admin.Locator("[data-region=pad] .cm-content");
            await Assertions.Expect(adminPad).ToHaveAttributeAsync("contenteditable", "false");
            await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Start this section" })).ToHaveCountAsync(0);
            await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "End interview" })).ToBeHiddenAsync();
            await Assertions.Expect(admin.Locator("button[data-run-code]")).ToBeHiddenAsync();

            await traineePad.ClickAsync();
            await trainee.Keyboard.TypeAsync("# Tia's plan");
            await Assertions.Expect(adminPad).ToContainTextAsync("# Tia's plan");

            // The interviewer takes over: the controls move to them, the trainee watches.
            await admin.GetByRole(AriaRole.Button, new() { Name = "Take over" }).ClickAsync();
            await Assertions.Expect(admin.Locator("[data-region=part-says]")).ToHaveTextAsync("You took over from Tia Trainee. Hand the lead back when they are ready.");
            await Assertions.Expect(adminPad).ToHaveAttributeAsync("contenteditable", "true");
            await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "End interview" })).ToBeVisibleAsync();
            await Assertions.Expect(trainee.Locator("[data-region=part-says]")).ToHaveTextAsync("Avery Admin took over; you watch now. They may hand the lead back.");
            await Assertions.Expect(traineePad).ToHaveAttributeAsync("contenteditable", "false");
            await Assertions.Expect(trainee.GetByRole(AriaRole.Button, new() { Name = "Start this section" })).ToHaveCountAsync(0);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Start this section" }).Nth(2).ClickAsync();
            await Assertions.Expect(candidate.Locator("[data-region=clock]")).ToContainTextAsync("left");

            // And hands it back.
            await admin.GetByRole(AriaRole.Button, new() { Name = "Hand the lead back" }).ClickAsync();
            await Assertions.Expect(traineePad).ToHaveAttributeAsync("contenteditable", "true");
            await Assertions.Expect(adminPad).ToHaveAttributeAsync("contenteditable", "false");
            await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Take over" })).ToBeVisibleAsync();

            // The candidate's page heard nothing of who leads.
            await Assertions.Expect(candidate.Locator("body")).Not.ToContainTextAsync("took over");
            await Assertions.Expect(candidate.Locator("body")).Not.ToContainTextAsync("Take over");
        });
}
