using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Audit;
using Rapport.Features.Interviews;
using Rapport.Tests.Feedback;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Insights;
using Rapport.Tests.Questions;
using Rapport.Tests.Scorecards;

namespace Rapport.Tests.Audit;

/// <summary>Each action an organisation must answer for later writes its entry; nothing edits or removes one.</summary>
public sealed class AuditLogTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    private static async Task<(List<AuditEntryResponse> Entries, string Raw)> LogAsync(RapportTestApp app, StaffMember admin, string query = "")
    {
        var client = await app.SignedInClientAsync(admin);
        var raw = await client.GetStringAsync($"/api/audit?{query}");
        var entries = new List<AuditEntryResponse>();
        for (var page = 1; ; page++)
        {
            var answer = (await client.GetFromJsonAsync<AuditPage>($"/api/audit?{query}&page={page}"))!;
            entries.AddRange(answer.Entries);
            if (!answer.HasMore)
            {
                return (entries, raw + string.Concat(entries.Select(e => e.Summary + e.Subject)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CandidateLinks_IssuedAndWithdrawn_AreLoggedByTheirCoordinator_NeverWithTheToken(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var id = world.InterviewA.Interview.Id;

        var rotate = await coordinator.PostAsync($"/api/interviews/{id}/candidate-link", JsonContent.Create(new { }));
        var token = InterviewWorld.TokenOf((await rotate.Content.ReadFromJsonAsync<CandidateLinkIssuedResponse>())!.Url);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync($"/api/interviews/{id}/candidate-link")).StatusCode);

        var (entries, raw) = await LogAsync(app, world.Admin);
        var aboutA = entries.Where(e => e.InterviewId == id).OrderBy(e => e.Id).ToList();
        // Planning wrote two (the plan and its first link) in one save; then the new link, then its withdrawal.
        Assert.Equal([AuditKinds.CandidateLinkIssued, AuditKinds.Planned], aboutA.Take(2).Select(e => e.Kind).Order(StringComparer.Ordinal));
        Assert.Equal([AuditKinds.CandidateLinkIssued, AuditKinds.CandidateLinkWithdrawn], aboutA.Skip(2).Select(e => e.Kind));
        Assert.All(aboutA, e => Assert.Equal((world.Coordinator.Id, world.Coordinator.DisplayName), (e.ActorId, e.ActorName)));
        Assert.All(aboutA, e => Assert.Equal(world.InterviewA.Interview.LoopId, e.LoopId));
        Assert.DoesNotContain(token, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(world.TokenA, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token))), raw, StringComparison.OrdinalIgnoreCase);
        // The interview's own history is the part of the log about its plan: unchanged by links.
        Assert.Equal(["planned"], (await coordinator.GetFromJsonAsync<List<InterviewChangeResponse>>($"/api/interviews/{id}/changes"))!.Select(c => c.Kind));
    }

    [Fact]
    public async Task InvitingSomeone_AndANewSignInLink_AreLoggedByTheAdmin_NeverWithTheLink()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync(StaffRoles.Admin, "Ines Admin");
        var client = await app.SignedInClientAsync(admin);

        var invited = await (await client.PostAsJsonAsync("/api/users/", new InviteStaffRequest("noor@example.org", "Noor Interviewer", StaffRoles.Interviewer)))
            .Content.ReadFromJsonAsync<InvitedStaffResponse>();
        var again = await (await client.PostAsJsonAsync($"/api/users/{invited!.User.Id}/sign-in-link", new { })).Content.ReadFromJsonAsync<SignInLinkResponse>();

        var (entries, raw) = await LogAsync(app, admin, $"person={invited.User.Id}");
        Assert.Equal([AuditKinds.SignInLinkIssued, AuditKinds.PersonInvited], entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal((admin.Id, "Ines Admin", invited.User.Id), (e.ActorId, e.ActorName, e.PersonId)));
        Assert.Contains("Noor Interviewer (noor@example.org) was given an account as interviewer", entries[1].Summary, StringComparison.Ordinal);
        foreach (var link in new[] { invited.SignInLink, again!.SignInLink })
        {
            var secret = Uri.UnescapeDataString(new Uri(link).Query);
            Assert.DoesNotContain(link, raw, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[(secret.IndexOf("token=", StringComparison.Ordinal) + 6)..], raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BankEditsInTheBrowser_AndImports_AreLogged()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var edited = BankFiles.Question.Replace("title: Two sum", "title: Two sum with a twist", StringComparison.Ordinal);

        var saved = await coordinator.PostFormAsync("/bank/questions/two-sum/edit", "edit-bank-document", new() { ["Input.Source"] = edited, ["Input.Action"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var edit = Assert.Single((await LogAsync(app, world.Admin, $"kind={AuditKinds.BankEdited}")).Entries);
        Assert.Equal((world.Coordinator.Id, world.Coordinator.DisplayName), (edit.ActorId, edit.ActorName));
        Assert.Equal("Question:two-sum v2", edit.Subject);
        // The world's bank came in as `rapport bank import` brings it: through the library, with no one signed in.
        var import = Assert.Single((await LogAsync(app, world.Admin, $"kind={AuditKinds.BankImported}")).Entries, e => e.Summary == "Bank imported (import): 2 new versions, 0 files unchanged.");
        Assert.Equal((AuditActor.Rapport.Id, AuditActor.Rapport.Name), (import.ActorId, import.ActorName));
    }

    [Fact]
    public async Task RatingsImport_IsLoggedByWhoImported()
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.CreateStaffAsync(StaffRoles.Admin);
        var coordinator = await app.CreateStaffAsync(StaffRoles.Coordinator, "Cora Coordinator");
        var client = await app.SignedInClientAsync(coordinator);

        var response = await client.PostFileWithTokenAsync("/insights/import", "import-ratings", "ratings", "export.csv", Encoding.UTF8.GetBytes(RatingsFiles.FourFifthsExample()), await client.AntiforgeryTokenAsync("/insights/import"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = Assert.Single((await LogAsync(app, admin, $"kind={AuditKinds.RatingsImported}")).Entries);
        Assert.Equal((coordinator.Id, "Cora Coordinator"), (entry.ActorId, entry.ActorName));
        Assert.StartsWith("Ratings imported from ", entry.Summary, StringComparison.Ordinal);
        Assert.StartsWith("batch ", entry.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ScorecardViews_TheDecision_AndTheLetter_AreLogged_WithWhereTheyWereSeen_NeverTheEvidence(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var loop = world.InterviewA.Interview.LoopId;
        // Interviewed, scored, decided (no hire), the letter approved and sent: all by the coordinator, the loop's lead.
        await FeedbackSteps.SentAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var before = (await LogAsync(app, world.Admin, $"kind={AuditKinds.ScorecardsViewed}")).Entries.Count;

        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/api/loops/{loop}/debrief")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/loops/{loop}/debrief")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/loops/{loop}/packet")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/api/loops/{loop}/scorecards")).StatusCode);
        // Refused callers saw nothing, so nothing is logged for them.
        var outsider = await app.SignedInClientAsync(world.InterviewerOnB);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/loops/{loop}/scorecards")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/loops/{loop}/debrief")).StatusCode);

        var (views, _) = await LogAsync(app, world.Admin, $"kind={AuditKinds.ScorecardsViewed}");
        var mine = views.Take(views.Count - before).Reverse().ToList();
        Assert.Equal(
            ["through the API (GET /api/loops/{id}/debrief)", "on the debrief page", "on the decision packet", "through the API (GET /api/loops/{id}/scorecards)"],
            mine.Select(v => v.Summary.Replace("Viewed the loop's scorecards ", "", StringComparison.Ordinal).TrimEnd('.')));
        Assert.All(mine, v => Assert.Equal((world.Coordinator.Id, loop), (v.ActorId, v.LoopId)));
        Assert.DoesNotContain(views, v => v.ActorId == world.InterviewerOnB.Id);

        var (all, raw) = await LogAsync(app, world.Admin);
        var decision = Assert.Single(all, e => e.Kind == AuditKinds.DecisionRecorded);
        Assert.Equal((world.Coordinator.Id, loop), (decision.ActorId, decision.LoopId));
        Assert.EndsWith(": No hire.", decision.Summary, StringComparison.Ordinal);
        var sent = Assert.Single(all, e => e.Kind == AuditKinds.FeedbackLetterSent);
        Assert.Equal((world.Coordinator.Id, loop), (sent.ActorId, sent.LoopId));
        Assert.DoesNotContain(ScorecardSteps.Evidence, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("The panel agreed on the evidence.", raw, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnEntry_CannotBeChangedOrDeleted_ThroughAnyDbContext(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);

        var changed = await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var entry = await db.AuditEntries.OrderBy(e => e.Id).FirstAsync();
            db.Entry(entry).Property(e => e.Summary).CurrentValue = "Nothing happened here.";
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });
        var deleted = await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.AuditEntries.Remove(await db.AuditEntries.OrderBy(e => e.Id).FirstAsync());
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });
        var deletedSync = await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.AuditEntries.RemoveRange(await db.AuditEntries.ToListAsync());
            return Record.Exception(() => db.SaveChanges());
        });

        Assert.Contains("append-only", Assert.IsType<InvalidOperationException>(changed).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be deleted", Assert.IsType<InvalidOperationException>(deleted).Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(deletedSync);
        var (entries, _) = await LogAsync(app, world.Admin);
        Assert.DoesNotContain(entries, e => e.Summary == "Nothing happened here.");
        Assert.Contains(entries, e => e.Kind == AuditKinds.Planned && e.InterviewId == world.InterviewA.Interview.Id);
    }

    [Fact]
    public async Task AuditPage_FiltersByKindAndPerson_NewestFirst_InPagesOfFifty()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var admin = await app.SignedInClientAsync(world.Admin);
        for (var i = 0; i < AuditQueries.PageSize + 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/users/{world.InterviewerOnA.Id}/sign-in-link", new { })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/users/{world.InterviewerOnB.Id}/sign-in-link", new { })).StatusCode);

        var first = await admin.GetStringAsync($"/audit?kind={AuditKinds.SignInLinkIssued}&person={world.InterviewerOnA.Id}");
        var second = await admin.GetStringAsync($"/audit?kind={AuditKinds.SignInLinkIssued}&person={world.InterviewerOnA.Id}&page=2");
        Assert.Equal(AuditQueries.PageSize, Rows(first).Count);
        Assert.Equal(2, Rows(second).Count);
        Assert.All(Rows(first).Concat(Rows(second)), r => Assert.Equal(AuditKinds.SignInLinkIssued, r));
        Assert.Contains(">Older</a>", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob Interviewer.", first, StringComparison.Ordinal);
        Assert.Contains("A new one-time sign-in link was made for Ada Interviewer.", first, StringComparison.Ordinal);

        var api = (await admin.GetFromJsonAsync<AuditPage>("/api/audit"))!;
        Assert.Equal(api.Entries.OrderByDescending(e => e.Id).Select(e => e.Id), api.Entries.Select(e => e.Id));
        Assert.Contains("Bob Interviewer", api.Entries[0].Summary, StringComparison.Ordinal);

        var bad = await admin.GetAsync("/audit?kind=everything%E2%80%AE");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not a kind of audit entry", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badApi = await admin.GetAsync("/api/audit?kind=everything");
        Assert.Equal(HttpStatusCode.BadRequest, badApi.StatusCode);
        Assert.Contains("\"kind\"", await badApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/audit?page=0")).StatusCode);
        foreach (var page in new[] { "abc", "-1", "1e3", "٣" })
        {
            var response = await admin.GetAsync($"/audit?page={Uri.EscapeDataString(page)}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("pages are numbered from 1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/audit?page={Uri.EscapeDataString(page)}")).StatusCode);
        }
    }

    private static List<string> Rows(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "<tr data-kind=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];
}
