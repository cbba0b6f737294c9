using System.Net;
using System.Net.Http.Json;
using MimeKit;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;

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

        var messages = await smtp.MessagesAsync();

        // Two interviews, each: the candidate and one interviewer.
        Assert.Equal(4, messages.Count);
        Assert.Equal(4, world.InterviewA.InvitationsSent + world.InterviewB.InvitationsSent);
        var candidate = messages.Single(m => m.To.Mailboxes.Single().Address == "alice@example.org");
        Assert.StartsWith("Your interview for ML Engineer", candidate.Subject, StringComparison.Ordinal);
        Assert.Equal("interviews@example.com", candidate.From.Mailboxes.Single().Address);
        Assert.Contains(world.InterviewA.CandidateLink.Url, TextOf(candidate), StringComparison.Ordinal);
        Assert.Contains("Hints are normal", TextOf(candidate), StringComparison.Ordinal);
        Assert.Contains("  - Main Problem: 20 minutes", TextOf(candidate), StringComparison.Ordinal);
        var calendar = CalendarOf(candidate);
        Assert.Contains($"DTSTART:{world.InterviewA.Interview.ScheduledAt.UtcDateTime:yyyyMMdd'T'HHmmss}Z", calendar, StringComparison.Ordinal);
        Assert.Contains($"UID:{world.InterviewA.Interview.Id}@rapport", calendar, StringComparison.Ordinal);

        var panelist = messages.Single(m => m.To.Mailboxes.Single().Address == world.InterviewerOnA.Email);
        Assert.Contains("Kit: Screen.", TextOf(panelist), StringComparison.Ordinal);
        Assert.Contains("(Two sum)", TextOf(panelist), StringComparison.Ordinal);
        // The candidate's link is a capability for the candidate alone.
        foreach (var message in messages.Where(m => m != candidate))
        {
            Assert.DoesNotContain(world.TokenA, TextOf(message) + CalendarOf(message), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EmbeddedDefault_WritesTheMessagesToTheOutbox()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);

        var files = Directory.GetFiles(Path.Combine(app.DataDirectory, "outbox"), "*.eml");

        Assert.Equal(4, files.Length);
        var messages = await Task.WhenAll(files.Select(f => MimeMessage.LoadAsync(f)));
        Assert.Single(messages, m => TextOf(m).Contains(world.TokenA, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MailServerDown_StillPlansTheInterview_AndSaysTheInvitationsWereNotSent()
    {
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, "--Mail:SmtpHost=127.0.0.1", $"--Mail:SmtpPort={RapportProcess.FreePort()}", "--Mail:SmtpRequireTls=false");
        var coordinator = await app.CreateStaffAsync("coordinator");
        var client = await app.SignedInClientAsync(coordinator);

        var response = await client.PostAsJsonAsync("/api/interviews", InterviewWorld.Request(app, "Dee Candidate", "dee@example.org", coordinator));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var planned = await response.Content.ReadFromJsonAsync<PlannedInterviewResponse>();
        Assert.Equal(0, planned!.InvitationsSent);
        Assert.StartsWith($"the mail server 127.0.0.1:", planned.InvitationProblem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await InterviewWorld.CandidateClient(app, InterviewWorld.TokenOf(planned.CandidateLink.Url)).GetAsync("/api/candidate/interview")).StatusCode);
    }
}
