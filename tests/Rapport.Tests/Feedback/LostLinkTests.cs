using System.Net;
using System.Text.RegularExpressions;
using Rapport.Features.Feedback;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Feedback;

public sealed class LostLinkTests
{
    private static async Task<HttpResponseMessage> AskAsync(HttpClient client, string email) =>
        await client.PostFormAsync("/c/lost", "lost-link", new() { ["email"] = email });

    [Fact]
    public async Task KnownAndUnknownAddresses_GetTheSameAnswer_AndOnlyTheKnownOneGetsAFreshLink()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);
        await smtp.MessagesAsync(4);
        var client = app.CreateClient();

        var unknown = await AskAsync(client, "nobody@example.org");
        // Alice's interview is two days ahead; she asks with her address in other letter case.
        var known = await AskAsync(client, "ALICE@example.org");

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        var knownHtml = await known.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(LostLinks.SameAnswer), unknownHtml, StringComparison.Ordinal);
        Assert.Equal(Strip(unknownHtml), Strip(knownHtml));
        var mail = (await smtp.MessagesAsync(5)).Where(m => m.Subject == "Your link to Rapport, as you asked").ToList();
        Assert.Equal("alice@example.org", Assert.Single(mail).To.Mailboxes.Single().Address);
        var token = Regex.Match(mail[0].TextBody ?? "", @"/c/([A-Za-z0-9_-]{43})\n").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/c/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/c/{world.TokenA}")).StatusCode);
        Assert.Equal(1, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.LinkAgainCause));
    }

    [Fact]
    public async Task CandidateWithASentLetter_GetsALinkThatOpensIt()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.SentAsync(world);
        app.Time.Advance(TimeSpan.FromDays(30));

        await AskAsync(app.CreateClient(), "alice@example.org");

        Assert.Equal(1, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.LinkAgainCause));
    }

    [Fact]
    public async Task CandidateWithNothingAhead_GetsNoMail()
    {
        await using var app = await RapportTestApp.StartAsync();
        await InterviewWorld.CreateAsync(app);
        app.Time.Advance(TimeSpan.FromDays(5));

        var answer = await AskAsync(app.CreateClient(), "alice@example.org");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(0, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.LinkAgainCause));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an address")]
    public async Task NotAnEmail_IsRefusedNamingTheField(string email)
    {
        await using var app = await RapportTestApp.StartAsync();

        var answer = await AskAsync(app.CreateClient(), email);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("id=\"email-problem\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyRequests_AreLimitedPerClient_AndPerAddressSilently()
    {
        await using var app = await RapportTestApp.StartAsync();
        await InterviewWorld.CreateAsync(app);
        var client = app.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < LostLinkLimits.PerClientPerHour + 1; i++)
        {
            answers.Add((await AskAsync(client, "alice@example.org")).StatusCode);
        }

        Assert.All(answers.Take(LostLinkLimits.PerClientPerHour), a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
        Assert.Equal(LostLinkLimits.PerAddressPerDay, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.LinkAgainCause));
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await AskAsync(client, "alice@example.org")).StatusCode);
        Assert.Equal(LostLinkLimits.PerAddressPerDay, await FeedbackSteps.OutboxCountAsync(app, FeedbackMail.LinkAgainCause));
    }

    /// <summary>The page without its antiforgery token, which differs per response.</summary>
    private static string Strip(string html) => Regex.Replace(html, "name=\"__RequestVerificationToken\" value=\"[^\"]*\"", "");
}
