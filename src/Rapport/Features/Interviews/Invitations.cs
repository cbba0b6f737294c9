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
    public const string Moved = "interview-moved";
    public const string PanelChanged = "panel-changed";
    public const string Cancelled = "interview-cancelled";

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

    /// <summary>
    /// The interview moved: the candidate gets the new time with a new link (the calendar entry
    /// holds it, and only the link's hash is kept), the panel the new time; each with a calendar
    /// update that replaces the entry they have (same UID, a higher SEQUENCE).
    /// </summary>
    /// <remarks>The interview comes with its loop, candidate and panel loaded, at its new time.</remarks>
    public async Task QueueMovedAsync(Interview interview, string before, string candidateLink, CancellationToken ct)
    {
        var material = await InterviewMaterial.LoadAsync(db, interview.Id, ct);
        var brief = CandidateInterviewResponse.From(interview, material.Kit);
        var cause = new MailCause(Moved, interview.Id);
        var candidate = ForCandidate(interview, brief, candidateLink, $"Your interview for {brief.Role} has moved: it was {before}, it is now {When(interview)}. We are sorry for the change.");
        outbox.Add(candidate, cause, interview.ScheduledAt);
        foreach (var panelist in interview.Interviewers.Select(a => a.Interviewer).OfType<Accounts.AppUser>())
        {
            outbox.Add(ForInterviewer(interview, brief, material, panelist, $"The interview has moved: it was {before}, it is now {When(interview)}."), cause, interview.ScheduledAt);
        }
    }

    /// <summary>New panel members are invited; removed ones get a cancellation of their calendar entry.</summary>
    public async Task QueuePanelChangeAsync(Interview interview, IReadOnlyList<Accounts.AppUser> added, IReadOnlyList<Accounts.AppUser> removed, CancellationToken ct)
    {
        var material = await InterviewMaterial.LoadAsync(db, interview.Id, ct);
        var brief = CandidateInterviewResponse.From(interview, material.Kit);
        var cause = new MailCause(PanelChanged, interview.Id);
        foreach (var panelist in added)
        {
            outbox.Add(ForInterviewer(interview, brief, material, panelist), cause, interview.ScheduledAt);
        }

        foreach (var gone in removed)
        {
            var letter = new Letter()
                .Paragraph($"Hello {gone.DisplayName},")
                .Paragraph($"You are no longer on the panel for {brief.CandidateName} ({brief.Role}), {When(interview)}. Thank you for making the time; the attached update removes it from your calendar.");
            outbox.Add(Message(gone.DisplayName, gone.Email!, $"Removed from the panel: {brief.CandidateName}, {When(interview)}", letter, Calendar(interview, $"Interview: {brief.CandidateName} ({brief.Role})", "", null, cancelled: true)), cause, interview.ScheduledAt);
        }
    }

    /// <summary>The interview is cancelled: a kind note to the candidate, a note to the panel, each cancelling the calendar entry.</summary>
    /// <remarks>The interview comes with its loop and candidate loaded, its sequence already raised.</remarks>
    public void QueueCancellation(Interview interview, IReadOnlyList<Accounts.AppUser> panel, bool toCandidate)
    {
        var candidate = interview.Loop!.Candidate!;
        var cause = new MailCause(Cancelled, interview.Id);
        if (toCandidate)
        {
            var letter = new Letter()
                .Paragraph($"Hello {candidate.AddressedAs},")
                .Paragraph(
                    $"We have had to cancel your interview for {interview.Loop.Role} on {When(interview)}. We are sorry for the trouble this causes you.",
                    "This says nothing about you or your application: someone from the team will be in touch about what happens next.");
            outbox.Add(Message(candidate.AddressedAs, candidate.Email, $"Your interview for {interview.Loop.Role} is cancelled", letter, Calendar(interview, $"Interview for {interview.Loop.Role}", "", null, cancelled: true)), cause, null);
        }

        foreach (var panelist in panel)
        {
            var letter = new Letter()
                .Paragraph($"Hello {panelist.DisplayName},")
                .Paragraph($"The interview with {candidate.AddressedAs} ({interview.Loop.Role}), {When(interview)}, is cancelled. The attached update removes it from your calendar.");
            outbox.Add(Message(panelist.DisplayName, panelist.Email!, $"Cancelled: interview with {candidate.AddressedAs}, {When(interview)}", letter, Calendar(interview, $"Interview: {candidate.AddressedAs} ({interview.Loop.Role})", "", null, cancelled: true)), cause, null);
        }
    }

    private MimeMessage ForCandidate(Interview interview, CandidateInterviewResponse brief, string link, string? change = null)
    {
        List<string> facts =
        [
            $"When: {When(interview)} ({brief.DurationMinutes} minutes; the attached invitation adds it to your calendar in your time zone)",
            $"Who you will meet: {string.Join(", ", brief.InterviewerNames)}",
            .. brief.Shadowing,
        ];
        if (brief.Languages.Count > 0)
        {
            facts.Add($"Languages you may use: {string.Join(", ", brief.Languages)}");
        }

        var letter = new Letter().Paragraph($"Hello {brief.CandidateName},");
        if (change is not null)
        {
            letter.Paragraph(change, "Your link is new too: the one in this message replaces the one we sent before.");
        }

        letter.Paragraph($"Thank you for making time to interview for the {brief.Role} role. Here is what to expect.")
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
            interview.Loop!.Candidate!.Email,
            change is null ? $"Your interview for {brief.Role}, {When(interview)}" : $"New time: your interview for {brief.Role}, {When(interview)}",
            letter,
            Calendar(interview, $"Interview for {brief.Role}", $"Your interview page: {link}", link));
    }

    private MimeMessage ForInterviewer(Interview interview, CandidateInterviewResponse brief, InterviewMaterial material, Accounts.AppUser panelist, string? change = null)
    {
        var page = $"{urls.Base}/interviews/{interview.Id}";
        var letter = new Letter().Paragraph($"Hello {panelist.DisplayName},");
        if (change is not null)
        {
            letter.Paragraph(change);
        }

        letter.Paragraph(
                $"You are on the panel for {brief.CandidateName} ({brief.Role}), {When(interview)}, {brief.DurationMinutes} minutes.",
                $"Panel: {string.Join(", ", brief.InterviewerNames)}");
        if (interview.Interviewers.FirstOrDefault(a => a.InterviewerId == panelist.Id) is { Role: not PanelRole.Interviewer } seat)
        {
            letter.Paragraph(seat.Role == PanelRole.Shadow
                ? "You are shadowing: you join the room to watch and change nothing the candidate sees. Write a scorecard afterwards for practice; it is compared with the panel's and never counts for the decision."
                : "You are the reverse shadow: you lead the interview while the interviewers watch; one of them may take over. Your scorecard is practice; it is compared with the panel's and never counts for the decision.");
        }

        if (brief.Shadowing.Count > 0)
        {
            letter.Paragraph(["The candidate was told:", .. brief.Shadowing]);
        }
        if (material.Kit is { } kit)
        {
            letter.List(
                $"Kit: {kit.Title}. Signals to rate: {string.Join(", ", kit.Signals)}.",
                interview.StretchedAgenda(kit).Select(a =>
                {
                    var (section, minutes) = a;
                    var questions = section.Questions.Select(q => material.Questions.GetValueOrDefault(q)?.Question.Title ?? q);
                    return $"{section.Title}: {minutes} minutes{(section.Questions.Count > 0 ? $" ({string.Join(" or ", questions)})" : "")}";
                }));
        }

        letter.Paragraph("The candidate was told: think out loud, ask questions, hints are normal and not held against them, and the last minutes are for their questions.")
            .Link("The interview:", page);
        return Message(
            panelist.DisplayName,
            panelist.Email!,
            change is null ? $"Interview: {brief.CandidateName} for {brief.Role}, {When(interview)}" : $"New time: interview with {brief.CandidateName}, {When(interview)}",
            letter,
            Calendar(interview, $"Interview: {brief.CandidateName} ({brief.Role})", $"The interview: {page}", page));
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
        invite.ContentType.Parameters.Add("method", calendar.Contains("METHOD:CANCEL", StringComparison.Ordinal) ? "CANCEL" : "PUBLISH");
        body.Attachments.Add(invite);
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// The interview's calendar entry. Every message about one interview carries the same UID and
    /// the interview's current SEQUENCE, so a calendar replaces (or, cancelled, removes) the entry
    /// it has instead of adding a second one (RFC 5545, 3.8.7.4).
    /// </summary>
    private string Calendar(Interview interview, string summary, string description, string? url, bool cancelled = false)
    {
        var calendar = new Ical.Net.Calendar { Method = cancelled ? "CANCEL" : "PUBLISH" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"{interview.Id}@rapport",
            Sequence = interview.CalendarSequence,
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
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
