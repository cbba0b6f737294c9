using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Features.Rooms;

/// <summary>
/// The live room. Thin: it checks who is calling, appends to the room's log, and tells the right
/// group. Private things (notes, facts) go to the interviewers' group, which a candidate's
/// connection never joins.
/// </summary>
[Authorize(Policy = Policies.RoomParticipant)]
public sealed partial class RoomHub(
    AppDbContext db, RoomLog log, TimeProvider time, PadRegistry pads, RoomRuns runs, Runs.SandboxRuntime sandbox, InterviewLifecycle lifecycle,
    SessionFactTallies facts, RoomAttendance attendance, PinnedMaterials materials, ILogger<RoomHub> logger) : Hub<IRoomClient>
{
    public const string Path = "/hubs/room";
    public const int MaxNoteLength = 4000;

    public static string Room(Guid interviewId) => $"room:{interviewId}";

    public static string Interviewers(Guid interviewId) => $"room:{interviewId}:interviewers";

    /// <summary>The candidate joins the room their link opens (the interview comes from the link, never from the caller).</summary>
    public async Task<CandidateRoomView> JoinAsCandidate()
    {
        var interviewId = Context.User?.InterviewId() ?? throw new HubException("Open the room from your interview link.");
        var interview = await OpenToCandidateAsync(interviewId);
        await Groups.AddToGroupAsync(Context.ConnectionId, Room(interviewId), Context.ConnectionAborted);
        var name = interview.Loop!.Candidate!.AddressedAs;
        var joined = await log.AppendAsync(interviewId, new ParticipantJoined(name, RoomActor.Candidate), RoomActor.Candidate, null, Context.ConnectionAborted);
        await LeaveEarlierRoomAsync(attendance.Joined(Context.ConnectionId, new RoomSeat(interviewId, RoomSeat.Candidate, name, RoomActor.Candidate, null)));
        await Clients.OthersInGroup(Room(interviewId)).ParticipantJoined(new ParticipantView(name, "candidate", joined.Entry.At));
        var present = await TellWhoIsHereAsync(interviewId);
        return await RoomViews.ForCandidateAsync(await materials.OfAsync(db, interviewId, Context.ConnectionAborted), log, interview, time, present, Context.ConnectionAborted);
    }

    public async Task<InterviewerRoomView> JoinAsInterviewer(Guid interviewId)
    {
        var interview = await PanelInterviewAsync(interviewId);
        if (interview.Status == InterviewStatus.Cancelled)
        {
            throw new HubException("This interview was cancelled; its room is closed.");
        }

        // The panel opening the room is the start; an ended interview's room stays open to the panel, for their notes.
        await lifecycle.StartAsync(interviewId, Context.User!.UserId(), Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, Room(interviewId), Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, Interviewers(interviewId), Context.ConnectionAborted);
        var name = await StaffNameAsync();
        var joined = await log.AppendAsync(interviewId, new ParticipantJoined(name, RoomActor.Interviewer), RoomActor.Interviewer, Context.User!.UserId(), Context.ConnectionAborted);
        await LeaveEarlierRoomAsync(attendance.Joined(Context.ConnectionId, new RoomSeat(interviewId, Context.User!.UserId(), name, RoomActor.Interviewer, Context.User!.UserId())));
        await Clients.OthersInGroup(Room(interviewId)).ParticipantJoined(new ParticipantView(name, "interviewer", joined.Entry.At));
        var present = await TellWhoIsHereAsync(interviewId);
        return await RoomViews.ForInterviewerAsync(await materials.OfAsync(db, interviewId, Context.ConnectionAborted), log, interview, time, present, Context.ConnectionAborted);
    }

    /// <summary>The panel ends the interview: the room closes for the candidate (told kindly what happens next), and stays open to the panel.</summary>
    public async Task<InterviewEndedView> EndInterview(Guid interviewId)
    {
        await PanelInterviewAsync(interviewId);
        if (await lifecycle.EndAsync(interviewId, Context.User!.UserId(), Context.ConnectionAborted) is { } problem)
        {
            throw new HubException(problem.Message);
        }

        var ended = new InterviewEndedView(await StaffNameAsync(), time.GetUtcNow(), $"/interviews/{interviewId}/scorecard");
        await Clients.Group(Interviewers(interviewId)).InterviewEnded(ended);
        return ended;
    }

    public async Task MoveToSection(Guid interviewId, int sectionIndex)
    {
        var interview = await PanelInterviewAsync(interviewId);
        var material = await materials.OfAsync(db, interviewId, Context.ConnectionAborted);
        var sections = material.Kit?.Sections ?? [];
        if (sectionIndex < 0 || sectionIndex >= sections.Count)
        {
            throw new HubException(sections.Count == 0 ? "This interview has no kit, so it has no sections." : $"Choose a section from 0 to {sections.Count - 1}.");
        }

        var logged = await log.AppendAsync(interview.Id, new SectionChanged(sectionIndex, sections[sectionIndex].Title), RoomActor.Interviewer, Context.User!.UserId(), Context.ConnectionAborted);
        await Clients.Group(Room(interviewId)).SectionChanged(new SectionChangeView(sectionIndex, sections[sectionIndex].Title, logged.Entry.At));
    }

    public async Task ChooseQuestion(Guid interviewId, int sectionIndex, string questionId)
    {
        await PanelInterviewAsync(interviewId);
        var material = await materials.OfAsync(db, interviewId, Context.ConnectionAborted);
        var section = material.Kit?.Sections.ElementAtOrDefault(sectionIndex);
        if (section is null || !section.Questions.Contains(questionId) || !material.Questions.TryGetValue(questionId, out var pinned))
        {
            throw new HubException("That question is not one of this section's alternatives.");
        }

        await log.AppendAsync(interviewId, new QuestionChosen(sectionIndex, questionId, pinned.Version), RoomActor.Interviewer, Context.User!.UserId(), Context.ConnectionAborted);
        var languages = material.Kit!.Languages;
        await Clients.Group(Room(interviewId)).QuestionChosen(RoomViews.Chosen(sectionIndex, pinned.Question, languages.Count > 0 ? languages : null));
    }

    /// <summary>Shows the next hint of the ladder to the candidate, as a friendly message, and logs how long they had been stuck.</summary>
    public async Task RevealHint(Guid interviewId, string questionId, int step)
    {
        await PanelInterviewAsync(interviewId);
        var material = await materials.OfAsync(db, interviewId, Context.ConnectionAborted);
        var hint = material.Questions.GetValueOrDefault(questionId)?.Question.Interviewer.Hints.FirstOrDefault(h => h.Step == step)
            ?? throw new HubException("That hint is not on this interview's ladders.");
        var state = await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted);
        var now = time.GetUtcNow();
        var stuck = state.LastProgressAt is { } last ? (now - last).TotalSeconds : 0;
        var logged = await log.AppendAsync(interviewId, new HintRevealed(questionId, step, hint.Text, Math.Round(stuck, 1)), RoomActor.Interviewer, Context.User!.UserId(), Context.ConnectionAborted);
        await Clients.Group(Room(interviewId)).HintRevealed(new RevealedHintView(material.Questions[questionId].Question.Title, step, hint.Text, RevealedHintView.FromYourInterviewer, logged.Entry.At));
    }

    public async Task AddNote(Guid interviewId, string text, string? signal)
    {
        await PanelInterviewAsync(interviewId);
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxNoteLength)
        {
            throw new HubException($"A note needs text, at most {MaxNoteLength} characters.");
        }

        var material = await materials.OfAsync(db, interviewId, Context.ConnectionAborted);
        if (signal is not null && !material.Signals.Contains(signal) && !material.Questions.Values.Any(q => q.Question.Signals.Contains(signal)))
        {
            throw new HubException($"'{signal}' is not a signal of this interview.");
        }

        var author = await StaffNameAsync();
        var logged = await log.AppendAsync(interviewId, new NoteAdded(text.Trim(), signal, author), RoomActor.Interviewer, Context.User!.UserId(), Context.ConnectionAborted);
        await Clients.Group(Interviewers(interviewId)).NoteAdded(new NoteView(text.Trim(), signal, author, logged.Entry.At));
    }

    /// <summary>The candidate's browser reports neutral facts (tab hidden, a large paste); they are context, never an accusation.</summary>
    public async Task RecordFact(string kind, string? detail)
    {
        var interviewId = Context.User?.InterviewId() ?? throw new HubException("Only the candidate's page records session facts.");
        await OpenToCandidateAsync(interviewId);
        if (kind is not (SessionFact.TabHidden or SessionFact.TabVisible or SessionFact.LargePaste))
        {
            throw new HubException("Unknown kind of fact.");
        }

        var text = (detail ?? "").Length > 200 ? detail![..200] : detail ?? "";
        // Coalesced per connection and capped per room before anything is written (see SessionFactTallies).
        await facts.RecordAsync(interviewId, Context.ConnectionId, kind, text, Context.ConnectionAborted);
    }

    /// <summary>
    /// A connection closed: what it still held of facts is logged, and when it was its person's last
    /// connection to the room (a person may have several tabs open), that they left.
    /// </summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await facts.ConnectionLeftAsync(Context.ConnectionId);
        if (attendance.Left(Context.ConnectionId) is { } departure)
        {
            if (departure.PersonLeft is { } seat)
            {
                await LogLeftAsync(seat);
            }

            // Sent even when the list is unchanged (a second tab closed): cheap, and the others' view never drifts.
            await Clients.Group(Room(departure.InterviewId)).PresenceChanged(attendance.Of(departure.InterviewId));
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>The candidate runs the pad's code, or with <paramref name="testsOf"/> that question's tests against it; everyone in the room sees the output.</summary>
    public async Task<RunStartedView> RunAsCandidate(string language, string? testsOf)
    {
        var interviewId = Context.User?.InterviewId() ?? throw new HubException("Open the room from your interview link.");
        var interview = await OpenToCandidateAsync(interviewId);
        return await StartRunAsync(interview, RoomActor.Candidate, null, interview.Loop!.Candidate!.AddressedAs, language, testsOf);
    }

    public async Task<RunStartedView> Run(Guid interviewId, string language, string? testsOf)
    {
        var interview = await PanelInterviewAsync(interviewId);
        return await StartRunAsync(interview, RoomActor.Interviewer, Context.User!.UserId(), await StaffNameAsync(), language, testsOf);
    }

    private async Task<RunStartedView> StartRunAsync(Interview interview, RoomActor actor, string? actorId, string by, string language, string? testsOf)
    {
        var ct = Context.ConnectionAborted;
        var availability = sandbox.Availability;
        if (!availability.Available)
        {
            throw new HubException(availability.Message);
        }

        var material = await materials.OfAsync(db, interview.Id, ct);
        var runnable = RunnableLanguages.Of(material.Kit, await sandbox.LanguagesAsync(ct));
        if (!runnable.Any(l => l.Id == language))
        {
            throw new HubException(runnable.Count == 0
                ? "None of this interview's languages can be run on this server; you can still write and discuss code."
                : $"'{language}' cannot be run in this interview. Choose one of: {string.Join(", ", runnable.Select(l => l.DisplayName))}.");
        }

        PinnedQuestion? tests = null;
        if (testsOf is not null)
        {
            if (!material.Questions.TryGetValue(testsOf, out tests) || tests.Question.Interviewer.Tests is not { } questionTests)
            {
                throw new HubException("That question has no tests to run.");
            }

            // A candidate runs the tests of questions they have been given, not of the section's other alternatives.
            if (actor == RoomActor.Candidate && !(await log.StateAsync(interview.Id, RoomAudience.Everyone, ct)).Chosen.Any(c => c.QuestionId == testsOf))
            {
                throw new HubException("That question has no tests to run.");
            }

            if (questionTests.Language != language)
            {
                throw new HubException($"This question's tests call {RunnableLanguages.Name(questionTests.Language, runnable)} code; switch the pad to {RunnableLanguages.Name(questionTests.Language, runnable)} to run them.");
            }
        }

        var pad = (await pads.GetAsync(interview.Id, log, ct)).Snapshot();
        if (string.IsNullOrWhiteSpace(pad.Text))
        {
            throw new HubException("The pad is empty: write some code first, then press Run.");
        }

        return await runs.StartAsync(new RoomRuns.Press(interview.Id, actor, actorId, by, language, pad, testsOf, tests), log, ct);
    }

    /// <summary>A connection that joined another room before this one has left that one.</summary>
    private async Task LeaveEarlierRoomAsync(RoomSeat? earlier)
    {
        if (earlier is not null)
        {
            await LogLeftAsync(earlier);
            await Clients.Group(Room(earlier.InterviewId)).PresenceChanged(attendance.Of(earlier.InterviewId));
        }
    }

    /// <summary>Tells the others in the room who is there now (this connection just joined); returns that list for the caller's own view.</summary>
    private async Task<IReadOnlyList<PresentPersonView>> TellWhoIsHereAsync(Guid interviewId)
    {
        var present = attendance.Of(interviewId);
        await Clients.OthersInGroup(Room(interviewId)).PresenceChanged(present);
        return present;
    }

    /// <summary>Logged like the join it ends, by the same person; never with the connection's token, which is cancelled by now.</summary>
    private async Task LogLeftAsync(RoomSeat seat)
    {
        try
        {
            await log.AppendAsync(seat.InterviewId, new ParticipantLeft(seat.Name, seat.Role), seat.Role, seat.ActorId, CancellationToken.None);
        }
        catch (DbUpdateException error)
        {
            // The interview was deleted while someone was still in its room: there is no log left to write to.
            LogLeftNotLogged(error, seat.InterviewId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not log that someone left the room of interview {InterviewId}")]
    private partial void LogLeftNotLogged(Exception error, Guid interviewId);

    /// <summary>The candidate's interview, while its room is open to them: not after it ended or was cancelled.</summary>
    private async Task<Interview> OpenToCandidateAsync(Guid interviewId)
    {
        var interview = await LoadAsync(interviewId);
        return interview.Status switch
        {
            InterviewStatus.Ended => throw new HubException(CandidateConnections.EndedMessage),
            InterviewStatus.Cancelled => throw new HubException(CandidateConnections.CancelledMessage),
            _ => interview,
        };
    }

    private async Task<Interview> LoadAsync(Guid interviewId) =>
        await db.Interviews.WithPanel().AsNoTracking()
            .SingleOrDefaultAsync(i => i.Id == interviewId, Context.ConnectionAborted)
        ?? throw new HubException("This interview no longer exists.");

    /// <summary>Staff on the panel (or coordinators and admins); candidates and others get the same refusal as for a missing interview.</summary>
    private async Task<Interview> PanelInterviewAsync(Guid interviewId)
    {
        var user = Context.User;
        if (user is null || user.InterviewId() is not null || !StaffRoles.All.Any(user.IsInRole))
        {
            throw new HubException("Only the interview's panel can do this.");
        }

        return await db.Interviews.VisibleTo(user).WithPanel().AsNoTracking()
            .SingleOrDefaultAsync(i => i.Id == interviewId, Context.ConnectionAborted)
            ?? throw new HubException("Only the interview's panel can do this.");
    }

    private async Task<string> StaffNameAsync()
    {
        var userId = Context.User!.UserId();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(Context.ConnectionAborted) ?? "Your interviewer";
    }
}
