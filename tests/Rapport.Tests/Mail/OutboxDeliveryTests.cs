using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Mail;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Mail;

public sealed class OutboxDeliveryTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MailServerDown_LosesNothing_TheMessagesGoOutOnce_WhenItIsBack(string provider)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(provider, smtp.Settings);
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        var interviewer = await app.CreateStaffAsync(StaffRoles.Interviewer, "Ivy Interviewer");
        await smtp.StopAsync();

        var planned = await PlanForDeeAsync(coordinator, app, interviewer);
        var id = planned.Interview.Id;

        var retrying = await MailApi.UntilAsync(coordinator, id, m => m.State == "retrying", "retrying");
        Assert.Equal(2, retrying.Count);
        Assert.All(retrying, m =>
        {
            Assert.Equal(1, m.Attempts);
            Assert.Equal($"127.0.0.1:{smtp.Port}: Connection refused", m.LastAnswer);
            Assert.Equal(app.Time.GetUtcNow() + TimeSpan.FromSeconds(30), m.NextAttemptAt!.Value, TimeSpan.FromMilliseconds(1));
            Assert.Null(m.SentAt);
        });

        await smtp.StartAgainAsync();
        var sent = await MailApi.UntilAsync(coordinator, id, m => m.State == "sent", "sent", () => app.Time.Advance(TimeSpan.FromSeconds(5)));

        var delivered = await smtp.MessagesAsync(2);
        Assert.Equal(2, delivered.Count);
        Assert.All(sent, m =>
        {
            Assert.Equal(2, m.Attempts);
            Assert.NotNull(m.SentAt);
            Assert.Null(m.NextAttemptAt);
            Assert.Equal("OK", m.LastAnswer);
        });
        var candidate = delivered.Single(m => m.To.Mailboxes.Single().Address == "dee@example.org");
        Assert.Equal(sent.Single(m => m.To == "dee@example.org").Subject, candidate.Subject);
        Assert.Equal("interviews@example.com", candidate.From.Mailboxes.Single().Address);
        Assert.Equal("Dee Candidate", candidate.To.Mailboxes.Single().Name);
        Assert.False(string.IsNullOrEmpty(candidate.MessageId));
        Assert.Contains(planned.CandidateLink.Url, candidate.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{planned.CandidateLink.Url}\">", candidate.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("invite.ics", candidate.Attachments.Single().ContentDisposition?.FileName);
        // Once sent, the outbox keeps the record, not the message (which held the candidate's live link).
        foreach (var message in sent)
        {
            Assert.Null(await OutboxRows.MimeOfAsync(app, message.Id));
        }

        // Nothing goes out twice, however long the sender keeps looking.
        for (var i = 0; i < 5; i++)
        {
            app.Time.Advance(MailSender.IdleCheck);
            await Task.Delay(100);
        }

        Assert.Equal(2, (await smtp.MessagesAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryAttemptFailing_WaitsTwiceAsLongEachTime_ThenMarksTheMessageFailed_LoggingTheCauseOnce(string provider)
    {
        var logs = new CapturedLogs();
        await using var app = await RapportTestApp.StartAsync(
            provider, logs, "--Mail:SmtpHost=127.0.0.1", $"--Mail:SmtpPort={LoopbackPort.Free()}", "--Mail:SmtpRequireTls=false", "--Mail:MaxAttempts=3");
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        var planned = await PlanForDeeAsync(coordinator, app, await app.CreateStaffAsync(StaffRoles.Interviewer));
        var id = planned.Interview.Id;

        foreach (var (attempt, wait) in new[] { (1, 30), (2, 60) })
        {
            var mail = await MailApi.UntilAsync(coordinator, id, m => m.Attempts == attempt && m.State == "retrying", $"retrying after attempt {attempt}");
            Assert.All(mail, m => Assert.Equal(app.Time.GetUtcNow() + TimeSpan.FromSeconds(wait), m.NextAttemptAt!.Value, TimeSpan.FromMilliseconds(1)));
            app.Time.Advance(TimeSpan.FromSeconds(wait));
        }

        var failed = await MailApi.UntilAsync(coordinator, id, m => m.State == "failed", "failed");
        Assert.All(failed, m =>
        {
            Assert.Equal(3, m.Attempts);
            Assert.Null(m.NextAttemptAt);
            Assert.EndsWith(": Connection refused", m.LastAnswer, StringComparison.Ordinal);
        });
        foreach (var message in failed)
        {
            Assert.Null(await OutboxRows.MimeOfAsync(app, message.Id));
        }

        // Six refusals, one cause: one warning, without a stack trace.
        var warnings = logs.Entries.Where(e => e.Category == typeof(MailSender).FullName && e.Level >= LogLevel.Warning).ToList();
        var warning = Assert.Single(warnings);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Connection refused", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecipientTheServerRefusesForGood_FailsAtOnce_AndTheOtherMessagesStillGoOut()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        var interviewer = await app.CreateStaffAsync(StaffRoles.Interviewer);

        var planned = await InterviewWorld.PlanAsync(coordinator, app, "Rae Candidate", $"rae@{SmtpServer.RefusedDomain}", interviewer);

        var mail = await MailApi.UntilAsync(coordinator, planned.Interview.Id, m => m.State is "sent" or "failed", "sent or failed");
        var refused = mail.Single(m => m.To == $"rae@{SmtpServer.RefusedDomain}");
        Assert.Equal("failed", refused.State);
        Assert.Equal(1, refused.Attempts);
        Assert.Equal($"127.0.0.1:{smtp.Port} answered 550 5.1.1 No such mailbox here", refused.LastAnswer);
        Assert.Null(await OutboxRows.MimeOfAsync(app, refused.Id));
        Assert.Equal("sent", mail.Single(m => m.To == interviewer.Email).State);
        Assert.Equal(interviewer.Email, (await smtp.MessagesAsync(1)).Single().To.Mailboxes.Single().Address);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendersRacingForOneMessage_OnlyOneClaimsIt_UntilItsLeaseLapses(string provider)
    {
        // No mail server configured: the app's own sender claims nothing, the test's "senders" do.
        await using var app = await RapportTestApp.StartAsync(provider);
        var now = app.Time.GetUtcNow();
        var id = Guid.CreateVersion7();
        await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.OutboxMessages.Add(new OutboxMessage { Id = id, CreatedAt = now, To = "x@example.org", Subject = "s", Mime = [1], State = OutboxState.Pending, NextAttemptAt = now, Cause = "test" });
            return await db.SaveChangesAsync();
        });
        var lease = now + MailSender.Lease;

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.InScopeAsync(s => MailSender.ClaimAsync(s.GetRequiredService<AppDbContext>(), id, now, lease, CancellationToken.None))));
        var beforeLapse = await app.InScopeAsync(s => MailSender.ClaimAsync(s.GetRequiredService<AppDbContext>(), id, lease.AddSeconds(-1), lease.AddMinutes(4), CancellationToken.None));
        // A sender that stopped while holding it: once the lease lapses another takes it (the at-least-once edge in ADR 0008).
        var afterLapse = await app.InScopeAsync(s => MailSender.ClaimAsync(s.GetRequiredService<AppDbContext>(), id, lease, lease + MailSender.Lease, CancellationToken.None));

        Assert.Equal(1, claims.Count(c => c));
        Assert.False(beforeLapse);
        Assert.True(afterLapse);
        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxState.Sending, stored.State);
        Assert.Equal(2, stored.Attempts);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WithoutAMailServer_MessagesAreKeptUntilTheInterviewBegins_ThenGivenUpAndTheirTextDropped(string provider)
    {
        var logs = new CapturedLogs();
        await using var app = await RapportTestApp.StartAsync(provider, logs);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);
        var id = world.InterviewA.Interview.Id;
        Assert.All(await MailApi.OfAsync(coordinator, id), m => Assert.Equal("held", m.State));

        app.Time.Advance(world.InterviewA.Interview.ScheduledAt - app.Time.GetUtcNow());
        // Two days on, the session has lapsed: sign in again.
        coordinator = await app.SignedInClientAsync(world.Coordinator);
        var failed = await MailApi.UntilAsync(coordinator, id, m => m.State == "failed", "given up", () => app.Time.Advance(MailSender.IdleCheck));

        Assert.All(failed, m => Assert.Equal("not sent: no mail server was configured before it was too late", m.LastAnswer));
        foreach (var message in failed)
        {
            Assert.Null(await OutboxRows.MimeOfAsync(app, message.Id));
        }

        // Four messages kept, one warning saying why.
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Mail:SmtpHost", StringComparison.Ordinal));
    }

    [Fact]
    public void RetryDelays_DoubleFromTheFirst_UpToTheCap()
    {
        var options = new MailOptions();

        var delays = Enumerable.Range(1, 9).Select(options.RetryDelayAfter).Select(d => d.TotalSeconds);

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600], delays);
    }

    private static Task<Rapport.Features.Interviews.PlannedInterviewResponse> PlanForDeeAsync(HttpClient coordinator, RapportTestApp app, StaffMember interviewer) =>
        InterviewWorld.PlanAsync(coordinator, app, "Dee Candidate", "dee@example.org", interviewer);
}
