using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Rapport.Features.Candidates;
using Rapport.Features.Feedback;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Feedback;

/// <summary>
/// A letter never carries levels, recommendations, evidence, the decision's rationale, an
/// interviewer's private notes or another candidate: a loop whose every private text holds a
/// marker, checked in the draft, the email as delivered (every part, raw and decoded) and the
/// candidate's page and API, byte for byte.
/// </summary>
public sealed partial class FeedbackPrivacyTests
{
    private const string NoteMarker = "NOTEMARK-3f9a1c";
    private const string EvidenceMarker = "EVIDMARK-7b2e4d";
    private const string WhyMarker = "WHYMARK-c81f05";
    private const string RationaleMarker = "RATIOMARK-52d7aa";

    private static readonly string[] Markers = [NoteMarker, EvidenceMarker, WhyMarker, RationaleMarker];

    /// <summary>Another candidate, and the words of ratings and recommendations.</summary>
    private static readonly string[] Forbidden = ["Bruno Candidate", "bruno@example.org", "strong yes", "strong no", "strong-yes", "strong-no", "recommend", "no hire", "no-hire", "rationale", "evidence", "scorecard"];

    /// <summary>A level presented as a rating: "level 3", "3/4", "3 out of 4", "rated 2", "score".</summary>
    [GeneratedRegex(@"\blevels?\b|\b[1-4]\s*/\s*4\b|\b[1-4]\s+out\s+of\s+4\b|\brat(ed|ing)\b|\bscore", RegexOptions.IgnoreCase)]
    private static partial Regex LevelAsRating();

    [Fact]
    public async Task Letter_Email_AndCandidatePage_HoldNoneOfThePrivateTexts()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, smtp.Settings);
        var world = await InterviewWorld.CreateAsync(app);
        await FeedbackSteps.InterviewedAndScoredAsync(
            world,
            note: $"Private: {NoteMarker} seemed nervous about recursion.",
            content: FeedbackSteps.Scored(evidence: $"Explained the dictionary approach and its linear time {EvidenceMarker}, then tested the empty list.", why: $"Solid on the core problem {WhyMarker}.", recommendation: "strong-no"));
        await FeedbackSteps.DecideAsync(world, LoopDecision.NoHire, $"Thin on code quality {RationaleMarker}.");
        var lead = await app.SignedInClientAsync(world.Coordinator);

        var draft = await lead.GetStringAsync(FeedbackSteps.LetterPath(world));
        var letter = (await FeedbackSteps.OpenAsync(lead, world))!;
        await FeedbackSteps.ActAsync(lead, world, "approve", new ApproveFeedbackRequest(letter.Version));
        await FeedbackSteps.ActAsync(lead, world, "send", new { });
        var email = (await smtp.MessagesAsync(5)).Single(m => m.Subject?.StartsWith("Feedback from", StringComparison.Ordinal) == true);
        var token = Regex.Match(email.TextBody ?? "", @"/c/([A-Za-z0-9_-]{43})\n").Groups[1].Value;
        var page = await app.CreateClient().GetAsync($"/c/{token}");
        var pageBytes = await page.Content.ReadAsByteArrayAsync();
        var api = await InterviewWorld.CandidateClient(app, token).GetByteArrayAsync("/api/candidate/feedback");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Your feedback", Encoding.UTF8.GetString(pageBytes), StringComparison.Ordinal);
        var texts = new Dictionary<string, string>
        {
            ["draft (outcome and feedback)"] = letter.Outcome + "\n" + letter.Feedback,
            ["the editor's API answer"] = draft,
            ["candidate page"] = Encoding.UTF8.GetString(pageBytes),
            ["candidate API"] = Encoding.UTF8.GetString(api),
            ["email, raw"] = Raw(email),
        };
        foreach (var part in email.BodyParts.OfType<TextPart>())
        {
            texts[$"email part {part.ContentType.MimeType} {part.FileName}"] = part.Text;
        }

        foreach (var header in email.Headers)
        {
            texts[$"email header {header.Field}"] = header.Value;
        }

        foreach (var (where, text) in texts)
        {
            foreach (var marker in Markers)
            {
                Assert.False(text.Contains(marker, StringComparison.Ordinal), $"{where} holds {marker}");
            }

            if (where.StartsWith("the editor", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var word in Forbidden)
            {
                Assert.False(text.Contains(word, StringComparison.OrdinalIgnoreCase), $"{where} holds '{word}'");
            }

            // Strip the code the candidate wrote (theirs to have) and the resource addresses before looking for levels.
            var prose = Regex.Replace(text.Replace(FeedbackSteps.Code, "", StringComparison.Ordinal), @"https?://\S+", "");
            Assert.False(LevelAsRating().IsMatch(prose), $"{where} presents a level: '{LevelAsRating().Match(prose).Value}'");
        }

        // The letter is not empty of what it should say: the test would pass on a blank page otherwise.
        Assert.Contains("What to grow", texts["candidate page"], StringComparison.Ordinal);
        Assert.Contains("What to grow", email.TextBody, StringComparison.Ordinal);
    }

    private static string Raw(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
