using System.Net;
using MimeKit;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Mail;

namespace Rapport.Tests.Interviews;

public sealed class InvitationMailTests
{
    private static string TextOf(MimeMessage message) => message.TextBody ?? "";

    private static string CalendarOf(MimeMessage message) =>
        message.Attachments.OfType<MimePart>().Single(a => a.FileName == "invite.ics") is var part && part.Content is { } content
            ? new StreamReader(content.Open()).ReadToEnd()
            : "";

    [Fact]
    public async Task Planning_SendsTheCandidateTheBriefAndAnInvite_AndThePanelTheKit_ThroughARealSmtpServer()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);

        var messages = await smtp.MessagesAsync(4);

        // Two interviews, each: the candidate and one interviewer.
        Assert.Equal(4, messages.Count);
        Assert.Equal(4, world.InterviewA.InvitationsQueued + world.InterviewB.InvitationsQueued);
        Assert.Null(world.InterviewA.InvitationProblem);
        var candidate = messages.Single(m => m.To.Mailboxes.Single().Address == "alice@example.org");
        Assert.StartsWith("Your interview for ML Engineer", candidate.Subject, StringComparison.Ordinal);
        Assert.Equal("interviews@example.com", candidate.From.Mailboxes.Single().Address);
        Assert.Contains(world.InterviewA.CandidateLink.Url, TextOf(candidate), StringComparison.Ordinal);
        Assert.Contains("Hints are normal", TextOf(candidate), StringComparison.Ordinal);
        Assert.Contains("  - Main Problem: 20 minutes", TextOf(candidate), StringComparison.Ordinal);
        var calendar = CalendarOf(candidate);
        Assert.Contains($"DTSTART:{world.InterviewA.Interview.ScheduledAt.UtcDateTime:yyyyMMdd'T'HHmmss}Z", calendar, StringComparison.Ordinal);
        Assert.Contains($"UID:{world.InterviewA.Interview.Id}@rapport", calendar, StringComparison.Ordinal);
        Assert.Equal("PUBLISH", candidate.Attachments.Single().ContentType.Parameters["method"]);

        var panelist = messages.Single(m => m.To.Mailboxes.Single().Address == world.InterviewerOnA.Email);
        Assert.Contains("Kit: Screen.", TextOf(panelist), StringComparison.Ordinal);
        Assert.Contains("(Two sum)", TextOf(panelist), StringComparison.Ordinal);
        // The candidate's link is a capability for the candidate alone.
        foreach (var message in messages.Where(m => m != candidate))
        {
            Assert.DoesNotContain(world.TokenA, TextOf(message) + message.HtmlBody + CalendarOf(message), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Invitations_HaveAPlainTextAndAnHtmlPart_SayingTheSame()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);

        var candidate = (await smtp.MessagesAsync(4)).Single(m => m.To.Mailboxes.Single().Address == "alice@example.org");

        var alternatives = candidate.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment).ToList();
        Assert.Equal(["text/plain", "text/html"], alternatives.Select(p => p.ContentType.MimeType));
        var link = world.InterviewA.CandidateLink.Url;
        Assert.Contains($"<a href=\"{link}\">{link}</a>", candidate.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<li>Main Problem: 20 minutes</li>", candidate.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<li>Hints are normal: your interviewer will offer them, and taking one is not held against you.</li>", candidate.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hello Alice Candidate,", candidate.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hello Alice Candidate,", candidate.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedDefault_KeepsTheMessagesUnsentInTheOutbox_AndSaysHowToConfigureMail()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var mail = await MailApi.OfAsync(coordinator, world.InterviewA.Interview.Id);

        Assert.Equal(2, world.InterviewA.InvitationsQueued);
        Assert.Contains("Mail:SmtpHost", world.InterviewA.InvitationProblem, StringComparison.Ordinal);
        Assert.Equal(["held", "held"], mail.Select(m => m.State));
        Assert.All(mail, m => Assert.Equal("not sent: no mail server configured", m.Status));
        Assert.All(mail, m => Assert.Equal(0, m.Attempts));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "outbox")));
        // Kept whole until it can be sent: the candidate's message still holds the link.
        var stored = await OutboxRows.MimeOfAsync(app, mail.Single(m => m.To == "alice@example.org").Id);
        Assert.Contains(world.TokenA, (await MimeMessage.LoadAsync(new MemoryStream(stored!))).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedDefault_ThePlanningPage_SaysWhereTheInvitationsAre_AndHowToSendThem()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var response = await coordinator.PostFormAsync("/interviews/new", "plan-interview", PlanForm(app, world.InterviewerOnA));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Invitations sent", page, StringComparison.Ordinal);
        Assert.Contains("The invitations were not sent: no mail server is configured. The 2 messages wait, unsent, in Rapport's outbox", page, StringComparison.Ordinal);
        Assert.Contains("<code>Mail:SmtpHost</code>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAMailServer_ThePlanningPage_SaysTheInvitationsAreQueued_AndTheyGoOut()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var coordinator = await app.CreateStaffAsync("coordinator");
        var interviewer = await app.CreateStaffAsync("interviewer");
        var client = await app.SignedInClientAsync(coordinator);

        var response = await client.PostFormAsync("/interviews/new", "plan-interview", PlanForm(app, interviewer));

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Invitations queued: the candidate's brief with a calendar invite, and 1 to the panel.", page, StringComparison.Ordinal);
        Assert.Equal(2, (await smtp.MessagesAsync(2)).Count);
    }

    private static Dictionary<string, string> PlanForm(RapportTestApp app, StaffMember interviewer) => new()
    {
        ["Input.CandidateName"] = "Page Candidate",
        ["Input.CandidateEmail"] = "page.candidate@example.org",
        ["Input.Role"] = "ML Engineer",
        ["Input.Date"] = app.Time.GetUtcNow().AddDays(5).ToString("yyyy-MM-dd"),
        ["Input.Time"] = "10:00",
        ["Input.TimeZone"] = "UTC",
        ["Input.DurationMinutes"] = "60",
        ["interviewer"] = interviewer.Id,
    };
}
