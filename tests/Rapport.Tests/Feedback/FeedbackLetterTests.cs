using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Rapport.Data;
using Rapport.Features.Candidates;
using Rapport.Features.Feedback;
using Rapport.Features.Questions.Format;
using Rapport.Infrastructure;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Feedback;

public sealed class FeedbackLetterTests
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task DecidedLoop_IsDraftedOnce_FromTheSignalsAndTheCandidatesCode(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);

        var letter = await FeedbackSteps.OpenAsync(lead, world);
        var again = await FeedbackSteps.OpenAsync(lead, world);

        Assert.Equal((letter.Version, letter.Feedback), (again.Version, again.Feedback));
        Assert.Equal("draft", letter.State);
        Assert.Contains("not to offer you the role", letter.Outcome, StringComparison.Ordinal);
        var signals = SignalCatalog.Parse(SignalCatalog.DefaultSource(), new ProblemLog("default"))!;
        var sections = letter.Feedback.Split(["What went well", "What to grow", "What we did not get to see", "Where to learn more"], StringSplitOptions.None);
        Assert.Equal(5, sections.Length);
        // Problem solving was rated 4: it went well. Code quality was rated 1: to grow. The baseline, never rated: not seen.
        Assert.Contains($"{signals.Find("problem-solving")!.Name}: this came through clearly", sections[1], StringComparison.Ordinal);
        Assert.Contains(signals.Find("code-quality")!.Name, sections[2], StringComparison.Ordinal);
        Assert.DoesNotContain(signals.Find("code-quality")!.Name, sections[1], StringComparison.Ordinal);
        Assert.All(signals.Signals.Where(s => s.Baseline), s => Assert.Contains($"{s.Name}: our interviews did not give you much room", sections[3], StringComparison.Ordinal));
        Assert.DoesNotContain(signals.Find("ml-fundamentals")!.Name, letter.Feedback, StringComparison.Ordinal);
        Assert.All(signals.Signals.Where(s => s.Id != "ml-fundamentals").SelectMany(s => s.Resources), r => Assert.Contains($"- {r.Title}: {r.Url}", sections[4], StringComparison.Ordinal));
        var code = Assert.Single(letter.Code);
        Assert.Equal(("two-sum", "two-sum.py", FeedbackSteps.Code), (code.Question, code.FileName, code.Code));
    }

    [Fact]
    public async Task HireOutcome_IsSaidClearly()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world, LoopDecision.Hire);

        var letter = await FeedbackSteps.OpenAsync(await app.SignedInClientAsync(world.Coordinator), world);

        Assert.StartsWith("We are delighted to tell you that we would like to offer you the ML Engineer role.", letter.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndecidedLoop_AndMoreSignal_HaveNoLetter()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.InterviewedAndScoredAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);

        var undecided = await lead.GetAsync(FeedbackSteps.LetterPath(world));
        await FeedbackSteps.DecideAsync(world, LoopDecision.MoreSignal);
        var moreSignal = await lead.GetAsync(FeedbackSteps.LetterPath(world));

        Assert.Equal(HttpStatusCode.Conflict, undecided.StatusCode);
        Assert.Contains(FeedbackDesk.NotDecided, await undecided.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, moreSignal.StatusCode);
        Assert.Contains("more signal", await moreSignal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().FeedbackLetters.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task RevisedDecision_RewritesTheOutcome_WithdrawsTheApproval_AndKeepsTheEditedFeedback(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world, LoopDecision.NoHire);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var drafted = await FeedbackSteps.OpenAsync(lead, world);
        var edited = drafted.Feedback + "\n\nThank you for the question about our on-call rota.";
        Assert.Equal(HttpStatusCode.OK, (await lead.PutAsJsonAsync(FeedbackSteps.LetterPath(world), new SaveFeedbackRequest(drafted.Outcome, edited, drafted.Version))).StatusCode);
        var approved = await FeedbackSteps.ActAsync(lead, world, "approve", new ApproveFeedbackRequest(null));
        Assert.Equal("approved", approved.State);

        await FeedbackSteps.DecideAsync(world, LoopDecision.Hire, "On a second reading the panel agreed the code-quality concern was one slip.");
        var revised = await FeedbackSteps.OpenAsync(lead, world);
        var send = await lead.PostAsJsonAsync($"{FeedbackSteps.LetterPath(world)}/send", new { });

        Assert.Equal("draft", revised.State);
        Assert.StartsWith("We are delighted to tell you", revised.Outcome, StringComparison.Ordinal);
        Assert.DoesNotContain("not to offer you the role", revised.Outcome, StringComparison.Ordinal);
        Assert.Equal(edited, revised.Feedback);
        Assert.True(revised.Version > approved.Version);
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Equal(0, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.Cause));
    }

    [Fact]
    public async Task MoreSignalAfterADraft_HoldsTheLetter_UntilTheLoopIsDecidedAgain()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world, LoopDecision.NoHire);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        await FeedbackSteps.OpenAsync(lead, world);

        await FeedbackSteps.DecideAsync(world, LoopDecision.MoreSignal, "Nobody saw how they design; one more interview.");
        var held = await lead.GetAsync(FeedbackSteps.LetterPath(world));
        var send = await lead.PostAsJsonAsync($"{FeedbackSteps.LetterPath(world)}/send", new { });

        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        Assert.Contains(FeedbackDesk.MoreSignal, await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Equal(0, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.Cause));
    }

    [Fact]
    public async Task ApprovingAnEmptyLetter_IsRefusedNamingTheField_AndNothingChanges()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var letter = await FeedbackSteps.OpenAsync(lead, world);
        var saved = await lead.PutAsJsonAsync(FeedbackSteps.LetterPath(world), new SaveFeedbackRequest("  \n ", letter.Feedback, letter.Version));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var approve = await lead.PostAsJsonAsync($"{FeedbackSteps.LetterPath(world)}/approve", new ApproveFeedbackRequest(null));

        Assert.Equal(HttpStatusCode.BadRequest, approve.StatusCode);
        var problem = await approve.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>();
        Assert.Equal("outcome", Assert.Single(problem!.Errors).Key);
        Assert.Equal("draft", (await FeedbackSteps.OpenAsync(lead, world)).State);
    }

    [Fact]
    public async Task StaleEdit_TooLongText_AndEditingASentLetter_AreRefused()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var sent = await FeedbackSteps.SentAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);

        var edit = await lead.PutAsJsonAsync(FeedbackSteps.LetterPath(world), new SaveFeedbackRequest("Changed.", "Changed.", sent.Version));
        var stale = await lead.PutAsJsonAsync(FeedbackSteps.LetterPath(world), new SaveFeedbackRequest("Changed.", "Changed.", sent.Version - 1));
        var tooLong = await lead.PutAsJsonAsync(FeedbackSteps.LetterPath(world), new SaveFeedbackRequest(new string('é', FeedbackLetter.MaxOutcomeLength + 1), "x", sent.Version));

        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Contains("was sent", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains($"the limit is {FeedbackLetter.MaxOutcomeLength}", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(sent.Outcome, (await FeedbackSteps.OpenAsync(lead, world)).Outcome);
    }

    [Fact]
    public async Task EditingAnApprovedLetter_NeedsApprovingAgain_AndADraftCannotBeSent()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var letter = await FeedbackSteps.OpenAsync(lead, world);
        var approved = await FeedbackSteps.ActAsync(lead, world, "approve", new ApproveFeedbackRequest(letter.Version));
        Assert.Equal(("approved", world.Coordinator.DisplayName), (approved.State, approved.ApprovedBy));

        var edited = await lead.PutAsJsonAsync(FeedbackSteps.LetterPath(world), new SaveFeedbackRequest(approved.Outcome + " We wish you well.", approved.Feedback, approved.Version));
        var send = await lead.PostAsJsonAsync($"{FeedbackSteps.LetterPath(world)}/send", new { });

        Assert.Equal("draft", (await edited.Content.ReadFromJsonAsync<FeedbackLetterResponse>())!.State);
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Contains("approve it first", await send.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.Cause));
    }

    [Fact]
    public async Task Sending_EmailsTheCandidate_WithTheCodeAttached_AndTheirPageShowsTheLetterForMonths()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);
        await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.Candidates.SingleAsync(c => c.Email == "alice@example.org")).PreferredName = "Ali";
            return await db.SaveChangesAsync();
        });

        var sent = await FeedbackSteps.SentAsync(world);
        var again = await FeedbackSteps.ActAsync(await app.SignedInClientAsync(world.Admin), world, "send", new { });

        // The same send, not a second one (the stored time keeps milliseconds).
        Assert.Equal(("sent", sent.SentAt!.Value.ToUnixTimeMilliseconds()), (again.State, again.SentAt!.Value.ToUnixTimeMilliseconds()));
        Assert.Equal(1, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.Cause));
        Assert.Equal(LoopState.FeedbackSent, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Loops.Where(l => l.Id == world.InterviewA.Interview.LoopId).Select(l => l.State).SingleAsync()));
        var email = (await smtp.MessagesAsync(5)).Single(m => m.Subject == "Feedback from your interviews for ML Engineer");
        Assert.Equal(("Ali", "alice@example.org"), (email.To.Mailboxes.Single().Name, email.To.Mailboxes.Single().Address));
        Assert.StartsWith("Hello Ali,", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Ali,", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(sent.Outcome.Split("\n\n")[0], email.TextBody, StringComparison.Ordinal);
        var attachment = email.Attachments.OfType<MimePart>().Single();
        Assert.Equal("two-sum.py", attachment.FileName);
        using (var reader = new StreamReader(attachment.Content!.Open()))
        {
            Assert.Equal(FeedbackSteps.Code, await reader.ReadToEndAsync());
        }

        var link = System.Text.RegularExpressions.Regex.Match(email.TextBody ?? "", @"http://localhost/c/([A-Za-z0-9_-]{43})\n").Groups[1].Value;
        Assert.Contains($"http://localhost/c/{link}/survey", email.TextBody, StringComparison.Ordinal);
        // Long after the interview's own grace period, the link still opens the letter.
        app.Time.Advance(TimeSpan.FromDays(60));
        var page = await app.CreateClient().GetAsync($"/c/{link}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Your feedback", html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(FeedbackSteps.Code.Split('\n')[1]), html, StringComparison.Ordinal);
        var api = await InterviewWorld.CandidateClient(app, link).GetFromJsonAsync<CandidateFeedbackResponse>("/api/candidate/feedback");
        Assert.Equal((true, sent.Feedback), (api!.Sent, api.Feedback));
        app.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.Gone, (await app.CreateClient().GetAsync($"/c/{link}")).StatusCode);
    }

    [Fact]
    public async Task BeforeSending_TheCandidateSeesNoLetter()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var letter = await FeedbackSteps.OpenAsync(lead, world);
        await FeedbackSteps.ActAsync(lead, world, "approve", new ApproveFeedbackRequest(letter.Version));

        var api = await InterviewWorld.CandidateClient(app, world.TokenA).GetFromJsonAsync<CandidateFeedbackResponse>("/api/candidate/feedback");
        var page = await app.CreateClient().GetStringAsync($"/c/{world.TokenA}");

        Assert.Equal(CandidateFeedbackResponse.NotYet with { Code = api!.Code }, api);
        Assert.Empty(api.Code);
        Assert.DoesNotContain("Your feedback", page, StringComparison.Ordinal);
        Assert.DoesNotContain(letter.Outcome[..40], page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithSendingOff_LettersAreApprovedButNeverSent_AndThePageSaysSo()
    {
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, "--Feedback:SendToCandidates=false");
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var letter = await FeedbackSteps.OpenAsync(lead, world);
        await FeedbackSteps.ActAsync(lead, world, "approve", new ApproveFeedbackRequest(letter.Version));

        var send = await lead.PostAsJsonAsync($"{FeedbackSteps.LetterPath(world)}/send", new { });
        var page = await lead.GetStringAsync($"/loops/{world.InterviewA.Interview.LoopId}/feedback");

        Assert.False(letter.SendingEnabled);
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Contains("Feedback:SendToCandidates", await send.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Sending feedback to candidates is turned off here", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"send\"", page, StringComparison.Ordinal);
        Assert.Equal(0, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.Cause));
    }

    [Theory]
    [InlineData("--Feedback:SendToCandidates=perhaps", "Feedback:SendToCandidates")]
    [InlineData("--Feedback:LetterLinkLifetime=400.00:00:00", "Feedback:LetterLinkLifetime")]
    public async Task BadSetting_StopsTheStart_NamingIt(string setting, string key)
    {
        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => RapportTestApp.StartAsync(TestStorage.Sqlite, setting));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitingList_ShowsDecidedLoopsWithoutALetterSent_UntilItIsSent()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var before = await coordinator.GetStringAsync("/feedback");
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var letter = await FeedbackSteps.OpenAsync(lead, world);
        await FeedbackSteps.ActAsync(lead, world, "approve", new ApproveFeedbackRequest(letter.Version));
        var approved = await coordinator.GetStringAsync("/feedback");
        await FeedbackSteps.ActAsync(lead, world, "send", new { });
        var after = await coordinator.GetStringAsync("/feedback");

        Assert.Contains($"/loops/{world.InterviewA.Interview.LoopId}/feedback", before, StringComparison.Ordinal);
        Assert.Contains("not drafted", before, StringComparison.Ordinal);
        Assert.DoesNotContain("Bruno Candidate", before, StringComparison.Ordinal);
        Assert.Contains("<td>approved</td>", approved, StringComparison.Ordinal);
        Assert.DoesNotContain($"/loops/{world.InterviewA.Interview.LoopId}/feedback", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_SavesApprovesAndSends_ThroughItsForm()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.DecidedAsync(world);
        var lead = await app.SignedInClientAsync(world.Coordinator);
        var path = $"/loops/{world.InterviewA.Interview.LoopId}/feedback";
        var letter = await FeedbackSteps.OpenAsync(lead, world);

        var empty = await lead.PostFormAsync(path, "feedback-letter", new() { ["version"] = $"{letter.Version}", ["outcome"] = letter.Outcome, ["feedback"] = "", ["action"] = "approve" });
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        letter = await FeedbackSteps.OpenAsync(lead, world);
        var sent = await lead.PostFormAsync(path, "feedback-letter", new() { ["version"] = $"{letter.Version}", ["outcome"] = letter.Outcome, ["feedback"] = "What went well\n\nYou asked good questions.", ["action"] = "send" });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("id=\"feedback-problem\"", emptyHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var now = await FeedbackSteps.OpenAsync(lead, world);
        Assert.Equal(("sent", "What went well\n\nYou asked good questions."), (now.State, now.Feedback.TrimEnd()));
    }
}
