using System.Net;
using Rapport.Features.Mail;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Mail;

public sealed class MailPagesTests
{
    [Fact]
    public async Task MailPage_ListsRecentMessagesWithTheirState_AndSaysHowToConfigureMail()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync("/mail"));

        Assert.Contains("No mail server is configured, so Rapport sends no mail.", page, StringComparison.Ordinal);
        Assert.Contains("<code>Mail:SmtpHost</code>", page, StringComparison.Ordinal);
        Assert.Equal(4, Count(page, "<tr data-state=\"held\">"));
        Assert.Equal(4, Count(page, "not sent: no mail server configured"));
        Assert.Contains("alice@example.org", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/interviews/{world.InterviewA.Interview.Id}\"", page, StringComparison.Ordinal);
        // Never the message itself: the candidate's link stays out of every page.
        Assert.DoesNotContain(world.TokenA, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailPage_WithAMailServer_ShowsEachSentMessage_AndTheServersAnswer()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);
        var admin = await app.SignedInClientAsync(world.Admin);
        await MailApi.UntilAsync(admin, world.InterviewA.Interview.Id, m => m.State == "sent", "sent");
        await MailApi.UntilAsync(admin, world.InterviewB.Interview.Id, m => m.State == "sent", "sent");

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/mail"));

        Assert.Contains($"Mail goes through <code>127.0.0.1:{smtp.Port}</code>", page, StringComparison.Ordinal);
        Assert.Equal(4, Count(page, "<tr data-state=\"sent\">"));
    }

    [Fact]
    public async Task InterviewPage_ShowsItsMail_ToCoordinators_AndNotToItsInterviewers()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var path = $"/interviews/{world.InterviewA.Interview.Id}";

        var asCoordinator = WebUtility.HtmlDecode(await (await app.SignedInClientAsync(world.Coordinator)).GetStringAsync(path));
        var asInterviewer = WebUtility.HtmlDecode(await (await app.SignedInClientAsync(world.InterviewerOnA)).GetStringAsync(path));

        Assert.Contains("Mail about this interview", asCoordinator, StringComparison.Ordinal);
        Assert.Equal(2, Count(asCoordinator, "<tr data-state=\"held\">"));
        Assert.Contains("Your interview for ML Engineer", asCoordinator, StringComparison.Ordinal);
        Assert.DoesNotContain("Bruno", asCoordinator, StringComparison.Ordinal);
        Assert.DoesNotContain("Mail about this interview", asInterviewer, StringComparison.Ordinal);
        Assert.DoesNotContain("Your interview for ML Engineer", asInterviewer, StringComparison.Ordinal);
    }

    [Fact]
    public void Letter_EscapesWhatPeopleWrote_InTheHtml_AndKeepsItAsWritten_InTheText()
    {
        var letter = new Letter()
            .Paragraph("Hello Ana <b>& co</b>,")
            .List("The agenda:", ["Warm-up: 5 minutes"])
            .Link("Your page:", "https://rapport.example/c/abc?x=1&y=2");

        Assert.Equal("Hello Ana <b>& co</b>,\n\nThe agenda:\n  - Warm-up: 5 minutes\n\nYour page:\nhttps://rapport.example/c/abc?x=1&y=2\n", letter.Text());
        Assert.Contains("<p>Hello Ana &lt;b&gt;&amp; co&lt;/b&gt;,</p>", letter.Html(), StringComparison.Ordinal);
        Assert.Contains("<p>The agenda:</p>\n<ul>\n<li>Warm-up: 5 minutes</li>\n</ul>", letter.Html(), StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://rapport.example/c/abc?x=1&amp;y=2\">", letter.Html(), StringComparison.Ordinal);
    }

    private static int Count(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
