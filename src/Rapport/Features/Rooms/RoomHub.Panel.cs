using Microsoft.AspNetCore.SignalR;

namespace Rapport.Features.Rooms;

/// <summary>What the panel does in the room: sections, questions, hints, notes, and ending the interview.</summary>
public sealed partial class RoomHub
{
    public const int MaxNoteLength = 4000;

    /// <summary>The panel ends the interview: the room closes for the candidate (told kindly what happens next), and stays open to the panel.</summary>
    public async Task<InterviewEndedView> EndInterview(Guid interviewId)
    {
        var caller = await ActingAsync(interviewId);
        if (await Lifecycle.EndAsync(interviewId, caller.Member.UserId!, Context.ConnectionAborted) is { } problem)
        {
            throw new HubException(problem.Message);
        }

        var ended = new InterviewEndedView(caller.Member.Name, time.GetUtcNow(), $"/interviews/{interviewId}/scorecard");
        await Clients.Group(Interviewers(interviewId)).InterviewEnded(ended);
        return ended;
    }

    public async Task MoveToSection(Guid interviewId, int sectionIndex)
    {
        var caller = await ActingAsync(interviewId);
        var material = await MaterialAsync(interviewId, Context.ConnectionAborted);
        var sections = material.Kit?.Sections ?? [];
        if (sectionIndex < 0 || sectionIndex >= sections.Count)
        {
            throw new HubException(sections.Count == 0 ? "This interview has no kit, so it has no sections." : $"Choose a section from 0 to {sections.Count - 1}.");
        }

        var logged = await log.AppendAsync(interviewId, new SectionChanged(sectionIndex, sections[sectionIndex].Title), RoomActor.Interviewer, caller.Member.UserId, Context.ConnectionAborted);
        await Clients.Group(Room(interviewId)).SectionChanged(new SectionChangeView(sectionIndex, sections[sectionIndex].Title, logged.Entry.At));
    }

    public async Task ChooseQuestion(Guid interviewId, int sectionIndex, string questionId)
    {
        var caller = await ActingAsync(interviewId);
        var material = await MaterialAsync(interviewId, Context.ConnectionAborted);
        var section = material.Kit?.Sections.ElementAtOrDefault(sectionIndex);
        if (section is null || !section.Questions.Contains(questionId) || !material.Questions.TryGetValue(questionId, out var pinned))
        {
            throw new HubException("That question is not one of this section's alternatives.");
        }

        await log.AppendAsync(interviewId, new QuestionChosen(sectionIndex, questionId, pinned.Version), RoomActor.Interviewer, caller.Member.UserId, Context.ConnectionAborted);
        var languages = material.Kit!.Languages;
        await Clients.Group(Room(interviewId)).QuestionChosen(RoomViews.Chosen(sectionIndex, pinned.Question, languages.Count > 0 ? languages : null));
    }

    /// <summary>Shows the next hint of the ladder to the candidate, as a friendly message, and logs how long they had been stuck.</summary>
    public async Task RevealHint(Guid interviewId, string questionId, int step)
    {
        var caller = await ActingAsync(interviewId);
        var material = await MaterialAsync(interviewId, Context.ConnectionAborted);
        var hint = material.Questions.GetValueOrDefault(questionId ?? "")?.Question.Interviewer.Hints.FirstOrDefault(h => h.Step == step)
            ?? throw new HubException("That hint is not on this interview's ladders.");
        var state = await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted);
        var now = time.GetUtcNow();
        var stuck = state.LastProgressAt is { } last ? (now - last).TotalSeconds : 0;
        var logged = await log.AppendAsync(interviewId, new HintRevealed(questionId!, step, hint.Text, Math.Round(stuck, 1)), RoomActor.Interviewer, caller.Member.UserId, Context.ConnectionAborted);
        await Clients.Group(Room(interviewId)).HintRevealed(new RevealedHintView(material.Questions[questionId!].Question.Title, step, hint.Text, RevealedHintView.FromYourInterviewer, logged.Entry.At));
    }

    public async Task AddNote(Guid interviewId, string text, string? signal)
    {
        var caller = await PanelAsync(interviewId);
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxNoteLength)
        {
            throw new HubException($"A note needs text, at most {MaxNoteLength} characters.");
        }

        var material = await MaterialAsync(interviewId, Context.ConnectionAborted);
        if (signal is not null && !material.Signals.Contains(signal) && !material.Questions.Values.Any(q => q.Question.Signals.Contains(signal)))
        {
            throw new HubException($"'{signal}' is not a signal of this interview.");
        }

        var author = caller.Member.Name;
        var logged = await log.AppendAsync(interviewId, new NoteAdded(text.Trim(), signal, author), RoomActor.Interviewer, caller.Member.UserId, Context.ConnectionAborted);
        await Clients.Group(Interviewers(interviewId)).NoteAdded(new NoteView(text.Trim(), signal, author, logged.Entry.At));
    }

    /// <summary>Puts a nudge away on every panel screen; the log keeps that it was, for the report card.</summary>
    public async Task DismissNudge(Guid interviewId, string key)
    {
        var caller = await PanelAsync(interviewId);
        var state = await log.StateAsync(interviewId, RoomAudience.Interviewers, Context.ConnectionAborted);
        if (!state.Nudges.Any(n => n.Nudge.Key == key))
        {
            throw new HubException("There is no such nudge in this room.");
        }

        if (state.DismissedNudges.Contains(key))
        {
            return;
        }

        await log.AppendAsync(interviewId, new NudgeDismissed(key, caller.Member.Name), RoomActor.Interviewer, caller.Member.UserId, Context.ConnectionAborted);
        await Clients.Group(Interviewers(interviewId)).NudgeDismissed(key);
    }
}
