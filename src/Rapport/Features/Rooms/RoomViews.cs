using Rapport.Features.Interviews;
using Rapport.Features.Questions;
using Rapport.Features.Questions.Format;

namespace Rapport.Features.Rooms;

/// <summary>Builds each side's view of a room from the pinned material and the log.</summary>
public static class RoomViews
{
    public static async Task<CandidateRoomView> ForCandidateAsync(InterviewMaterial material, RoomLog log, Interview interview, TimeProvider time, IReadOnlyList<PresentPersonView> present, CancellationToken ct)
    {
        // The candidate's view is built from what everyone may see: the panel's notes and the session facts are not in it.
        var state = await log.StateAsync(interview.Id, RoomAudience.Everyone, ct);
        var languages = material.Kit?.Languages is { Count: > 0 } offered ? offered : null;
        return new CandidateRoomView(
            interview.Loop!.Candidate!.AddressedAs,
            [.. interview.Interviewers.Select(a => a.Interviewer?.DisplayName ?? "").Order(StringComparer.Ordinal)],
            [.. interview.StretchedAgenda(material.Kit).Select(a => new AgendaSection(a.Section.Title, a.Section.Kind, a.Minutes))],
            Current(state, material),
            [.. state.Chosen.Where(c => material.Questions.ContainsKey(c.QuestionId))
                .Select(c => Chosen(c.SectionIndex, material.Questions[c.QuestionId].Question, languages))],
            Hints(state, material),
            time.GetUtcNow(),
            interview.ScheduledAt,
            present,
            PanelRoles.Shadowing(interview.Interviewers));
    }

    public static async Task<InterviewerRoomView> ForInterviewerAsync(InterviewMaterial material, RoomLog log, Interview interview, RoomMember member, TimeProvider time, IReadOnlyList<PresentPersonView> present, CancellationToken ct)
    {
        var state = await log.StateAsync(interview.Id, RoomAudience.Interviewers, ct);
        return new InterviewerRoomView(
            interview.Loop!.Candidate!.AddressedAs,
            [.. interview.StretchedAgenda(material.Kit).Select(a => new InterviewerSection(a.Section.Title, a.Section.Kind, a.Minutes, a.Section.Questions))],
            Current(state, material),
            [.. material.Questions.Values.Select(q => q.Question).OrderBy(q => q.Title, StringComparer.OrdinalIgnoreCase)],
            state.Chosen,
            Hints(state, material),
            [.. state.Notes.Select(n => new NoteView(n.Note.Text, n.Note.Signal, n.Note.Author, n.At))],
            [.. state.Facts.Select(f => FactView.From(f.At, f.Fact))],
            time.GetUtcNow(),
            present,
            Coaching.NudgeView.Open(state),
            RoomLead.PartOf(member, state));
    }

    public static ChosenQuestionView Chosen(int sectionIndex, QuestionDocument question, IReadOnlyCollection<string>? languages) =>
        new(sectionIndex, CandidateQuestionView.From(question.Candidate, languages), question.Id, question.Interviewer.Tests?.Language);

    private static SectionChangeView? Current(RoomState state, InterviewMaterial material) =>
        state.SectionIndex is { } index && state.SectionStartedAt is { } started && material.Kit?.Sections.ElementAtOrDefault(index) is { } section
            ? new SectionChangeView(index, section.Title, started)
            : null;

    private static List<RevealedHintView> Hints(RoomState state, InterviewMaterial material) =>
        [.. state.Hints.Select(h => new RevealedHintView(
            material.Questions.GetValueOrDefault(h.Hint.QuestionId)?.Question.Title ?? h.Hint.QuestionId, h.Hint.Step, h.Hint.Text, RevealedHintView.FromYourInterviewer, h.At))];
}
