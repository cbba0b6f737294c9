using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;
using Rapport.Data;
using Rapport.Features.Rooms;
using Rapport.Infrastructure;
using Rapport.Infrastructure.Mail;

namespace Rapport.Features.Interviews;

/// <summary>What happened to the invitations; planning stands either way.</summary>
public sealed record InvitationOutcome(int Sent, string? Problem);

/// <summary>
/// The candidate's invitation (the brief, a calendar invite and their link) and the panel's
/// (the kit and what the candidate was told; never the candidate's link, which is theirs alone).
/// </summary>
public sealed class Invitations(Mailroom mailroom, AppDbContext db, PublicUrls urls)
{
    public async Task<InvitationOutcome> SendAsync(Interview interview, string candidateLink, CancellationToken ct)
    {
        var material = await InterviewMaterial.LoadAsync(db, interview.Id, ct);
        var brief = CandidateInterviewResponse.From(interview, material.Kit);
        var sent = 0;
        try
        {
            await mailroom.SendAsync(ForCandidate(interview, brief, candidateLink), ct);
            sent++;
            foreach (var panelist in interview.Interviewers.Select(a => a.Interviewer).OfType<Accounts.AppUser>())
            {
                await mailroom.SendAsync(ForInterviewer(interview, brief, material, panelist), ct);
                sent++;
            }

            return new InvitationOutcome(sent, null);
        }
        catch (MailNotSentException e)
        {
            return new InvitationOutcome(sent, e.Message);
        }
    }

    private MimeMessage ForCandidate(Interview interview, CandidateInterviewResponse brief, string link)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Hello {brief.CandidateName},");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Thank you for making time to interview for the {brief.Role} role. Here is what to expect.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"When: {When(interview)} ({brief.DurationMinutes} minutes; the attached invitation adds it to your calendar in your time zone)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Who you will meet: {string.Join(", ", brief.InterviewerNames)}");
        if (brief.Languages.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Languages you may use: {string.Join(", ", brief.Languages)}");
        }

        if (brief.Agenda.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("The agenda:");
            foreach (var section in brief.Agenda)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {section.Title}: {section.Minutes} minutes");
            }
        }

        text.AppendLine();
        text.AppendLine("How we interview:");
        text.AppendLine("  - Think out loud: we care about how you approach a problem as much as where you end up.");
        text.AppendLine("  - Ask questions: clarifying the problem is part of the work.");
        text.AppendLine("  - Hints are normal: your interviewer will offer them, and taking one is not held against you.");
        text.AppendLine("  - The last minutes are yours, for your questions about the team and the role.");
        text.AppendLine();
        text.AppendLine("Your interview page (open it any time before the day to see the agenda and set text size or contrast):");
        text.AppendLine(link);
        text.AppendLine();
        text.AppendLine("Keep this link to yourself: it opens your interview and nothing else.");
        var message = Message(brief.CandidateName, interview.CandidateEmail, $"Your interview for {brief.Role}, {When(interview)}", text.ToString());
        Attach(message, CalendarInvite(interview, $"Interview for {brief.Role}", $"Your interview page: {link}", link));
        return message;
    }

    private MimeMessage ForInterviewer(Interview interview, CandidateInterviewResponse brief, InterviewMaterial material, Accounts.AppUser panelist)
    {
        var page = $"{urls.Base}/interviews/{interview.Id}";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Hello {panelist.DisplayName},");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"You are on the panel for {brief.CandidateName} ({brief.Role}), {When(interview)}, {brief.DurationMinutes} minutes.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Panel: {string.Join(", ", brief.InterviewerNames)}");
        if (material.Kit is { } kit)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Kit: {kit.Title}. Signals to rate: {string.Join(", ", kit.Signals)}.");
            foreach (var section in kit.Sections)
            {
                var questions = section.Questions.Select(q => material.Questions.GetValueOrDefault(q)?.Question.Title ?? q);
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {section.Title}: {interview.Stretched(section.Minutes)} minutes{(section.Questions.Count > 0 ? $" ({string.Join(" or ", questions)})" : "")}");
            }
        }

        text.AppendLine();
        text.AppendLine("The candidate was told: think out loud, ask questions, hints are normal and not held against them, and the last minutes are for their questions.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The interview: {page}");
        var message = Message(panelist.DisplayName, panelist.Email!, $"Interview: {brief.CandidateName} for {brief.Role}, {When(interview)}", text.ToString());
        Attach(message, CalendarInvite(interview, $"Interview: {brief.CandidateName} ({brief.Role})", $"The interview: {page}", page));
        return message;
    }

    private MimeMessage Message(string name, string address, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(mailroom.Sender);
        message.To.Add(new MailboxAddress(name, address));
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    private static void Attach(MimeMessage message, string calendar)
    {
        var body = new Multipart("mixed") { message.Body ?? throw new InvalidOperationException("Attach after setting the text.") };
        var invite = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(calendar))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invite.ics",
        };
        invite.ContentType.Parameters.Add("method", "PUBLISH");
        body.Add(invite);
        message.Body = body;
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
            Organizer = new Organizer($"mailto:{mailroom.Sender.Address}"),
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static string When(Interview interview) => interview.ScheduledAt.ToUniversalTime().ToString("dddd d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
