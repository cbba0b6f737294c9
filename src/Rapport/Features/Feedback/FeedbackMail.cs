using System.Globalization;
using System.Text;
using MimeKit;
using Rapport.Features.Candidates;
using Rapport.Features.Mail;
using Rapport.Features.Survey;
using Rapport.Infrastructure;

namespace Rapport.Features.Feedback;

/// <summary>The letter as an email (plain text and HTML saying the same, the code attached as text files), and the "your link again" email.</summary>
public sealed class FeedbackMail(MailOutbox outbox, PublicUrls urls)
{
    public const string Cause = "feedback-letter";
    public const string LinkAgainCause = "candidate-link-again";

    public MimeMessage Compose(Loop loop, FeedbackLetter letter, string token, DateTimeOffset linkUntil)
    {
        var candidate = loop.Candidate!;
        var text = new Letter().Paragraph($"Hello {candidate.AddressedAs},");
        Write(text, letter.Outcome);
        Write(text, letter.Feedback);
        var code = letter.Code;
        if (code.Count > 0)
        {
            text.List("Your code from the interview, as you left it, is attached:", code.Select(c => $"{c.FileName} ({c.Title})"));
        }

        text.Link($"This letter is also on your page, which stays open for you until {Day(linkUntil)}:", urls.CandidateLink(token))
            .Link("Would you tell us how the interview felt? Five short questions, anonymous, a couple of minutes:", urls.SurveyLink(token))
            .Paragraph("This link is new: it replaces the one we sent before. Keep it to yourself.")
            .Paragraph("With our thanks and best wishes,", $"The {loop.Role} interview team");
        var message = new MimeMessage { Subject = $"Feedback from your interviews for {loop.Role}" };
        message.From.Add(outbox.From);
        message.To.Add(new MailboxAddress(candidate.AddressedAs, candidate.Email));
        var body = new BodyBuilder { TextBody = text.Text(), HtmlBody = text.Html() };
        foreach (var file in code)
        {
            body.Attachments.Add(file.FileName, Encoding.UTF8.GetBytes(file.Code), new ContentType("text", "plain") { Charset = "utf-8" });
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The links a candidate asked for again, each with what it opens.</summary>
    public MimeMessage LinksAgain(Candidate candidate, IReadOnlyList<(string What, string Token)> links)
    {
        var text = new Letter().Paragraph($"Hello {candidate.AddressedAs},")
            .Paragraph("You asked for the link to your page again. Here it is; it replaces the one you had, which no longer works.");
        foreach (var (what, token) in links)
        {
            text.Link($"{what}:", urls.CandidateLink(token));
        }

        text.Paragraph("If you did not ask for this, you can ignore this message: the link is only ever sent to this address.");
        var message = new MimeMessage { Subject = "Your link to Rapport, as you asked" };
        message.From.Add(outbox.From);
        message.To.Add(new MailboxAddress(candidate.AddressedAs, candidate.Email));
        message.Body = new BodyBuilder { TextBody = text.Text(), HtmlBody = text.Html() }.ToMessageBody();
        return message;
    }

    /// <summary>
    /// The letter's text as the email's blocks: paragraphs split at blank lines, and a block whose
    /// lines after the first start with "- " as a heading and its list.
    /// </summary>
    public static void Write(Letter letter, string text)
    {
        foreach (var block in Blocks(text))
        {
            if (block.Items.Count > 0)
            {
                letter.List(block.Heading, block.Items);
            }
            else
            {
                letter.Paragraph(block.Lines);
            }
        }
    }

    public sealed record Block(string Heading, IReadOnlyList<string> Lines, IReadOnlyList<string> Items);

    public static IEnumerable<Block> Blocks(string text)
    {
        foreach (var chunk in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lines = chunk.Split('\n');
            var items = lines.Skip(1).ToList();
            yield return items.Count > 0 && items.All(l => l.StartsWith("- ", StringComparison.Ordinal))
                ? new Block(lines[0], lines, [.. items.Select(l => l[2..])])
                : new Block(lines[0], lines, []);
        }
    }

    private static string Day(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
