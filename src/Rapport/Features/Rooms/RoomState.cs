namespace Rapport.Features.Rooms;

public sealed record ChosenQuestion(int SectionIndex, string QuestionId, int Version);

public sealed record LoggedNote(DateTimeOffset At, NoteAdded Note);

public sealed record LoggedHint(DateTimeOffset At, HintRevealed Hint);

public sealed record LoggedFact(DateTimeOffset At, SessionFact Fact);

/// <summary>
/// Where a room stands, derived from its log alone: nothing else is stored, so the log is the
/// one truth replay, coaching and recovery read.
/// </summary>
public sealed record RoomState(
    int? SectionIndex,
    DateTimeOffset? SectionStartedAt,
    IReadOnlyList<ChosenQuestion> Chosen,
    IReadOnlyList<LoggedHint> Hints,
    IReadOnlyList<LoggedNote> Notes,
    IReadOnlyList<LoggedFact> Facts,
    DateTimeOffset? LastProgressAt)
{
    public static RoomState From(IEnumerable<LoggedEvent> events)
    {
        int? section = null;
        DateTimeOffset? sectionStarted = null;
        DateTimeOffset? progress = null;
        var chosen = new List<ChosenQuestion>();
        var hints = new List<LoggedHint>();
        var notes = new List<LoggedNote>();
        var facts = new List<LoggedFact>();
        foreach (var (entry, payload) in events)
        {
            switch (payload)
            {
                case SectionChanged change:
                    section = change.SectionIndex;
                    sectionStarted = entry.At;
                    progress ??= entry.At;
                    break;
                case QuestionChosen question:
                    chosen.RemoveAll(c => c.SectionIndex == question.SectionIndex);
                    chosen.Add(new ChosenQuestion(question.SectionIndex, question.QuestionId, question.QuestionVersion));
                    progress = entry.At;
                    break;
                case HintRevealed hint:
                    hints.Add(new LoggedHint(entry.At, hint));
                    break;
                case NoteAdded note:
                    notes.Add(new LoggedNote(entry.At, note));
                    break;
                case SessionFact fact:
                    facts.Add(new LoggedFact(entry.At, fact));
                    break;
                case PadUpdated or CodeRunStarted:
                    // Writing code and running it are progress, for how long someone was stuck before a hint.
                    progress = entry.At;
                    break;
            }
        }

        return new RoomState(section, sectionStarted, chosen, hints, notes, facts, progress);
    }
}
