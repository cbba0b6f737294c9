using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;
using Rapport.Data;
using Rapport.Features.Mail;
using Rapport.Features.Rooms;
using Rapport.Infrastructure;

namespace Rapport.Features.Interviews;

/// <summary>What became of the invitations: how many were queued, and why they will not go out, if they will not.</summary>
public sealed record InvitationOutcome(int Queued, string? Problem);

/// <summary>
/// The candidate's invitation (the brief, a calendar invite and their link) and the panel's
/// (the kit and what the candidate was told; never the candidate's link, which is theirs alone).
/// They go to the outbox with the interview; <see cref="MailSender"/> sends them.
/// </summary>
public sealed class Invitations(MailOutbox outbox, AppDbContext db, PublicUrls urls)
{
    public const string Cause = "invitation";

    /// <summary>Adds the invitations to the outbox, to be stored with the caller's next SaveChanges.</summary>
    /// <param name="interview">The interview, stored in the caller's transaction, with its panel loaded.</param>
    /// <param name="candidateLink">The candidate's link, which exists in clear only in their message until it is sent.</param>
    /// <param name="ct">Cancels reading the interview's material.</param>
    public async Task<InvitationOutcome> QueueAsync(Interview interview, string candidateLink, CancellationToken ct)
    {
        var material = await InterviewMaterial.LoadAsync(db, interview.Id, ct);
        var brief = CandidateInterviewResponse.From(interview, material.Kit);
        var cause = new MailCause(Cause, interview.Id);
        // An invitation that has not gone out by the start is no use, and holds a live link.
        outbox.Add(ForCandidate(interview, brief, candidateLink), cause, interview.ScheduledAt);
        var queued = 1;
        foreach (var panelist in interview.Interviewers.Select(a => a.Interviewer).OfType<Accounts.AppUser>())
        {
            outbox.Add(ForInterviewer(interview, brief, material, panelist), cause, interview.ScheduledAt);
            queued++;
        }

        return new InvitationOutcome(queued, outbox.ServerConfigured ? null : $"no mail server is configured (Mail:SmtpHost), so the {queued} messages wait in the outbox, unsent (see the Mail page)");
    }

    private MimeMessage ForCandidate(Interview interview, CandidateInterviewResponse brief, string link)
    {
        List<string> facts =
        [
            $"When: {When(interview)} ({brief.DurationMinutes} minutes; the attached invitation adds it to your calendar in your time zone)",
            $"Who you will meet: {string.Join(", ", brief.InterviewerNames)}",
        ];
        if (brief.Languages.Count > 0)
        {
            facts.Add($"Languages you may use: {string.Join(", ", brief.Languages)}");
        }

        var letter = new Letter()
            .Paragraph($"Hello {brief.CandidateName},")
            .Paragraph($"Thank you for making time to interview for the {brief.Role} role. Here is what to expect.")
            .Paragraph(facts);
        if (brief.Agenda.Count > 0)
        {
            letter.List("The agenda:", brief.Agenda.Select(s => $"{s.Title}: {s.Minutes} minutes"));
        }

        letter.List(
                "How we interview:",
                [
                    "Think out loud: we care about how you approach a problem as much as where you end up.",
                    "Ask questions: clarifying the problem is part of the work.",
                    "Hints are normal: your interviewer will offer them, and taking one is not held against you.",
                    "The last minutes are yours, for your questions about the team and the role.",
                ])
            .Link("Your interview page (open it any time before the day to see the agenda and set text size or contrast):", link)
            .Paragraph("Keep this link to yourself: it opens your interview and nothing else.");
        return Message(
            brief.CandidateName,
            interview.CandidateEmail,
            $"Your interview for {brief.Role}, {When(interview)}",
            letter,
            CalendarInvite(interview, $"Interview for {brief.Role}", $"Your interview page: {link}", link));
    }

    private MimeMessage ForInterviewer(Interview interview, CandidateInterviewResponse brief, InterviewMaterial material, Accounts.AppUser panelist)
    {
        var page = $"{urls.Base}/interviews/{interview.Id}";
        var letter = new Letter()
            .Paragraph($"Hello {panelist.DisplayName},")
            .Paragraph(
                $"You are on the panel for {brief.CandidateName} ({brief.Role}), {When(interview)}, {brief.DurationMinutes} minutes.",
                $"Panel: {string.Join(", ", brief.InterviewerNames)}");
        if (material.Kit is { } kit)
        {
            letter.List(
                $"Kit: {kit.Title}. Signals to rate: {string.Join(", ", kit.Signals)}.",
                kit.Sections.Select(section =>
                {
                    var questions = section.Questions.Select(q => material.Questions.GetValueOrDefault(q)?.Question.Title ?? q);
                    return $"{section.Title}: {interview.Stretched(section.Minutes)} minutes{(section.Questions.Count > 0 ? $" ({string.Join(" or ", questions)})" : "")}";
                }));
        }

        letter.Paragraph("The candidate was told: think out loud, ask questions, hints are normal and not held against them, and the last minutes are for their questions.")
            .Link("The interview:", page);
        return Message(
            panelist.DisplayName,
            panelist.Email!,
            $"Interview: {brief.CandidateName} for {brief.Role}, {When(interview)}",
            letter,
            CalendarInvite(interview, $"Interview: {brief.CandidateName} ({brief.Role})", $"The interview: {page}", page));
    }

    /// <summary>Plain text and HTML as alternatives, and the calendar invite as an attachment.</summary>
    private MimeMessage Message(string name, string address, string subject, Letter letter, string calendar)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(outbox.From);
        message.To.Add(new MailboxAddress(name, address));
        var body = new BodyBuilder { TextBody = letter.Text(), HtmlBody = letter.Html() };
        var invite = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(calendar))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invite.ics",
        };
        invite.ContentType.Parameters.Add("method", "PUBLISH");
        body.Attachments.Add(invite);
        message.Body = body.ToMessageBody();
        return message;
    }

    private string CalendarInvite(Interview interview, string summary, string description, string url)
    {
        var calendar = new Ical.Net.Calendar { Method = "PUBLISH" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"{interview.Id}@rapport",
            Summary = summary,
            Description = description,
            Location = url,
            Start = new CalDateTime(interview.ScheduledAt.UtcDateTime, "UTC"),
            End = new CalDateTime(interview.EndsAt.UtcDateTime, "UTC"),
            Organizer = new Organizer($"mailto:{outbox.From.Address}"),
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static string When(Interview interview) => interview.ScheduledAt.ToUniversalTime().ToString("dddd d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
