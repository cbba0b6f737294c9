using System.Collections.Immutable;

namespace Rapport.Features.Rooms;

public sealed record ChosenQuestion(int SectionIndex, string QuestionId, int Version);

public sealed record LoggedNote(DateTimeOffset At, NoteAdded Note);

public sealed record LoggedHint(DateTimeOffset At, HintRevealed Hint);

public sealed record LoggedFact(DateTimeOffset At, SessionFact Fact);

public sealed record LoggedNudge(DateTimeOffset At, NudgeShown Nudge);

/// <summary>
/// Where a room stands, derived from its log alone: nothing else is stored, so the log is the
/// one truth replay, coaching and recovery read. Built by folding events in order (<see cref="With"/>),
/// so an open room's state follows its log one event at a time instead of re-reading it
/// (<see cref="RoomStates"/>); the lists are immutable and shared between successive states.
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
    public static readonly RoomState Empty = new(null, null, ImmutableList<ChosenQuestion>.Empty, ImmutableList<LoggedHint>.Empty,
        ImmutableList<LoggedNote>.Empty, ImmutableList<LoggedFact>.Empty, null);

    /// <summary>When the candidate first opened the room.</summary>
    public DateTimeOffset? CandidateArrivedAt { get; init; }

    /// <summary>Whether the candidate is in the room (joined, and not left since).</summary>
    public bool CandidatePresent { get; init; }

    /// <summary>
    /// Since when the candidate has made no progress, as coaching counts it (Coaching/HintTimings.cs):
    /// their own writing or anyone's run is progress; a new question or section, a hint, or their
    /// (re)joining starts the clock again.
    /// </summary>
    public DateTimeOffset? CandidateStuckSince { get; init; }

    /// <summary>The panel's nudges, in order. Panel only.</summary>
    public IReadOnlyList<LoggedNudge> Nudges { get; init; } = ImmutableList<LoggedNudge>.Empty;

    /// <summary>The keys of the nudges someone on the panel put away. Panel only.</summary>
    public IReadOnlySet<string> DismissedNudges { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary>In a reverse-shadowed interview, the interviewer who took the lead from the trainee (their account and name); null while the trainee leads. Panel only.</summary>
    public LeadTaken? LeadTakenBy { get; init; }

    public static RoomState From(IEnumerable<LoggedEvent> events) =>
        events.Aggregate(Empty, (state, e) => state.With(e.Entry.At, e.Payload));

    /// <summary>The state after one more event of the log.</summary>
    public RoomState With(DateTimeOffset at, RoomEventPayload payload) => payload switch
    {
        SectionChanged change => this with { SectionIndex = change.SectionIndex, SectionStartedAt = at, LastProgressAt = LastProgressAt ?? at, CandidateStuckSince = at },
        QuestionChosen question => this with
        {
            Chosen = ((ImmutableList<ChosenQuestion>)Chosen).RemoveAll(c => c.SectionIndex == question.SectionIndex)
                .Add(new ChosenQuestion(question.SectionIndex, question.QuestionId, question.QuestionVersion)),
            LastProgressAt = at,
            CandidateStuckSince = at,
        },
        HintRevealed hint => this with { Hints = ((ImmutableList<LoggedHint>)Hints).Add(new LoggedHint(at, hint)), CandidateStuckSince = at },
        NoteAdded note => this with { Notes = ((ImmutableList<LoggedNote>)Notes).Add(new LoggedNote(at, note)) },
        SessionFact fact => this with { Facts = ((ImmutableList<LoggedFact>)Facts).Add(new LoggedFact(at, fact)) },
        ParticipantJoined { Role: RoomActor.Candidate } => this with { CandidateArrivedAt = CandidateArrivedAt ?? at, CandidatePresent = true, CandidateStuckSince = at },
        ParticipantLeft { Role: RoomActor.Candidate } => this with { CandidatePresent = false },
        NudgeShown nudge => this with { Nudges = ((ImmutableList<LoggedNudge>)Nudges).Add(new LoggedNudge(at, nudge)) },
        NudgeDismissed dismissed => this with { DismissedNudges = ((ImmutableHashSet<string>)DismissedNudges).Add(dismissed.Key) },
        LeadTaken taken => this with { LeadTakenBy = taken },
        LeadHandedBack => this with { LeadTakenBy = null },
        // Writing code and running it are progress, for how long someone was stuck before a hint.
        PadUpdated { By: RoomActor.Candidate } or CodeRunStarted => this with { LastProgressAt = at, CandidateStuckSince = at },
        PadUpdated => this with { LastProgressAt = at },
        _ => this,
    };

    /// <summary>
    /// What <paramref name="audience"/> may know of it: for everyone (the candidate), without the
    /// panel's notes, the session facts, the nudges and who took the lead, exactly as if only the events everyone may see were read.
    /// </summary>
    public RoomState SeenBy(RoomAudience audience) =>
        audience == RoomAudience.Interviewers ? this : this with
        {
            Notes = ImmutableList<LoggedNote>.Empty,
            Facts = ImmutableList<LoggedFact>.Empty,
            Nudges = ImmutableList<LoggedNudge>.Empty,
            DismissedNudges = ImmutableHashSet<string>.Empty,
            LeadTakenBy = null,
        };
}
