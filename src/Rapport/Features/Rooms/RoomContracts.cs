using Rapport.Features.Questions;
using Rapport.Features.Questions.Format;

namespace Rapport.Features.Rooms;

public sealed record AgendaSection(string Title, string Kind, int Minutes);

public sealed record SectionChangeView(int SectionIndex, string Title, DateTimeOffset StartedAt);

/// <summary>A hint as the candidate sees it: a friendly message from the interviewer.</summary>
public sealed record RevealedHintView(string QuestionTitle, int Step, string Text, string From, DateTimeOffset At)
{
    /// <summary>
    /// Who a hint is from, live and after a reload alike: the candidate is helped by the panel, not
    /// by one person's name (the log keeps who revealed it, for the panel and coaching).
    /// </summary>
    public const string FromYourInterviewer = "your interviewer";
}

/// <summary>A section's question for the candidate; <see cref="TestsLanguage"/> is set when it has tests they can run.</summary>
public sealed record ChosenQuestionView(int SectionIndex, CandidateQuestionView Question, string QuestionId, string? TestsLanguage);

public sealed record NoteView(string Text, string? Signal, string Author, DateTimeOffset At);

public sealed record FactView(string Kind, string Detail, DateTimeOffset At)
{
    /// <summary>A logged fact that stands for several says so in its detail, so every reader of the view is told.</summary>
    public static FactView From(DateTimeOffset at, SessionFact fact) => new(fact.Kind, SessionFactWords.Detail(at, fact), at);
}

public sealed record ParticipantView(string Name, string Role, DateTimeOffset At);

public sealed record RunStartedView(Guid RunId, string Language, string By, string? QuestionTitle, DateTimeOffset At);

/// <summary>A piece of a running program's output ("stdout" or "stderr"), as it arrives.</summary>
public sealed record RunOutputView(Guid RunId, string Channel, string Text);

public sealed record RunFinishedView(
    Guid RunId,
    string Verdict,
    string Message,
    string Stdout,
    string Stderr,
    bool OutputTruncated,
    double WallMilliseconds,
    IReadOnlyList<string> CompilerMessages,
    IReadOnlyList<Questions.Testing.QuestionTestOutcome> Tests,
    DateTimeOffset At);

/// <summary>
/// Everything a candidate's connection receives on joining: the agenda, who is on the panel (and
/// who of them shadows, and why) and who is in the room now, when the interview is planned, the chosen questions as the candidate
/// sees them, and the hints already given. Built only from candidate-safe parts; nothing for
/// interviewers has a field here.
/// </summary>
public sealed record CandidateRoomView(
    string CandidateName,
    IReadOnlyList<string> InterviewerNames,
    IReadOnlyList<AgendaSection> Agenda,
    SectionChangeView? CurrentSection,
    IReadOnlyList<ChosenQuestionView> Questions,
    IReadOnlyList<RevealedHintView> Hints,
    DateTimeOffset ServerNow,
    DateTimeOffset PlannedStart,
    IReadOnlyList<PresentPersonView> Present,
    IReadOnlyList<string> Shadowing);

public sealed record InterviewerSection(string Title, string Kind, int Minutes, IReadOnlyList<string> QuestionIds);

/// <summary>The interviewer's panel: the rubric, hint ladders and follow-ups of every pinned question, the notes, and the nudges not put away.</summary>
public sealed record InterviewerRoomView(
    string CandidateName,
    IReadOnlyList<InterviewerSection> Agenda,
    SectionChangeView? CurrentSection,
    IReadOnlyList<QuestionDocument> Questions,
    IReadOnlyList<ChosenQuestion> Chosen,
    IReadOnlyList<RevealedHintView> Hints,
    IReadOnlyList<NoteView> Notes,
    IReadOnlyList<FactView> Facts,
    DateTimeOffset ServerNow,
    IReadOnlyList<PresentPersonView> Present,
    IReadOnlyList<Coaching.NudgeView> Nudges,
    PanelPartView Part);

/// <summary>
/// Why the server closed a connection, sent just before it does: <see cref="Reason"/> for code
/// (see <see cref="CandidateConnections"/>), <see cref="Message"/> written for the candidate's page.
/// </summary>
public sealed record ConnectionEndedView(string Reason, string Message);

/// <summary>What the room may tell a candidate's page before closing its connection.</summary>
public interface IEndedConnectionClient
{
    /// <summary>The connection was ended for <paramref name="ended"/>'s reason; the page must not reconnect.</summary>
    Task ConnectionEnded(ConnectionEndedView ended);
}

/// <summary>What the server pushes to room connections. Past tense: these already happened.</summary>
public interface IRoomClient : IEndedConnectionClient
{
    Task ParticipantJoined(ParticipantView participant);

    /// <summary>Sent to the whole room when someone opens or leaves it: everyone now present, by display name only.</summary>
    Task PresenceChanged(IReadOnlyList<PresentPersonView> present);

    Task SectionChanged(SectionChangeView change);

    Task QuestionChosen(ChosenQuestionView question);

    Task HintRevealed(RevealedHintView hint);

    /// <summary>Sent to the interviewers' group only.</summary>
    Task NoteAdded(NoteView note);

    /// <summary>Sent to the interviewers' group only.</summary>
    Task FactRecorded(FactView fact);

    Task RunStarted(RunStartedView run);

    Task RunOutput(RunOutputView output);

    Task RunFinished(RunFinishedView run);

    /// <summary>Sent to the interviewers' group only: a quiet nudge for the panel (Coaching/NudgeRules.cs).</summary>
    Task Nudged(Coaching.NudgeView nudge);

    /// <summary>Sent to the interviewers' group only: someone of the panel put a nudge away, so every panel screen does.</summary>
    Task NudgeDismissed(string key);

    /// <summary>Sent to the interviewers' group only: in a reverse-shadowed interview the lead changed hands; each screen asks for its own part again (<see cref="RoomHub.MyPart"/>).</summary>
    Task LeadChanged(string says);

    /// <summary>Sent to the interviewers' group: the interview ended (by whom, when); the candidate's connections are closed.</summary>
    Task InterviewEnded(InterviewEndedView ended);

    // ---- The pad, to connections that opened it ----

    /// <summary>Accepted updates, in version order; every editor applies them one at a time.</summary>
    Task PadUpdated(IReadOnlyList<PadUpdateMessage> updates);

    /// <summary>Someone else moved their cursor; positions are at the given version, after every update sent before it.</summary>
    Task CursorMoved(PadCursorView cursor);

    /// <summary>Someone closed the pad; their cursor goes away.</summary>
    Task CursorLeft(string clientId);

    Task LanguageSwitched(PadLanguageView language);
}

/// <summary>The panel's news that the interview ended, with where the scorecard is written.</summary>
public sealed record InterviewEndedView(string By, DateTimeOffset At, string ScorecardUrl);
