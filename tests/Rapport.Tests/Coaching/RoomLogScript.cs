using System.Globalization;
using System.Text.Json;
using Rapport.Features.Coaching;
using Rapport.Features.Interviews;
using Rapport.Features.Kits.Format;
using Rapport.Features.Questions.Format;
using Rapport.Features.Rooms;

namespace Rapport.Tests.Coaching;

/// <summary>
/// A synthetic room log, written as a script of what happened at which minute of the day
/// ("09:10:30"), for the coaching measures' scenario tests. The plan is the shape of the starter
/// kits: introductions 5 min, a main problem 25, follow-ups 5, the candidate's questions 10.
/// </summary>
public sealed class RoomLogScript
{
    public const string Candidate = "Ada Candidate";
    public const string Interviewer = "Ivan Interviewer";
    public const string QuestionId = "lru-cache";

    public static readonly DateTimeOffset Day = DateTimeOffset.Parse("2026-12-07T00:00:00Z", CultureInfo.InvariantCulture);

    public static readonly KitDocument Kit = new(
        "screen", "Screen", "Engineer", "mid", 45, ["python"], ["problem-solving"],
        [
            new KitSection("introductions", "Introductions and how the session works", 5, [], 1),
            new KitSection("main-problem", "Coding problem", 25, [QuestionId], 2),
            new KitSection("follow-ups", "Follow-ups", 5, [], 3),
            new KitSection("candidate-questions", "The candidate's questions", 10, [], 4),
        ],
        1);

    /// <summary>A question whose ladder has three hints: the first due "after about 3 minutes", the others at moments the interviewer judges.</summary>
    public static readonly QuestionDocument Question = new(
        QuestionId, "coding", ["mid"], 25, ["python"], ["problem-solving"], [], [],
        new CandidateContent("A cache", "Write it.", null, new Dictionary<string, string>()),
        new InterviewerContent(
            [
                new Hint(1, "after about 3 minutes without a plan", "Which structures?", null),
                new Hint(2, "once they keep an order but updating it is O(n)", "Unlink in O(1)?", null),
                new Hint(3, "when the behaviour is wrong on updates", "Trace put.", null),
            ],
            [], [], new Dictionary<string, string>(), null, null));

    private readonly List<LoggedEvent> events = [];

    public static DateTimeOffset At(string time) => Day + TimeSpan.Parse(time, CultureInfo.InvariantCulture);

    public IReadOnlyList<LoggedEvent> Events => events;

    /// <summary>The sequence number the next event gets.</summary>
    public long Next => events.Count + 1;

    public RoomLogScript Add(string time, RoomEventPayload payload)
    {
        var at = At(time);
        if (events.Count > 0 && events[^1].Entry.At > at)
        {
            throw new InvalidOperationException($"The script goes back in time at {time}.");
        }

        events.Add(new LoggedEvent(
            new RoomEvent { Id = Next, InterviewId = Guid.Empty, Sequence = Next, Type = payload.Type, SchemaVersion = payload.SchemaVersion, Payload = payload.Serialize(), At = at, Audience = payload.Audience },
            payload));
        return this;
    }

    public RoomLogScript CandidateJoins(string time) => Add(time, new ParticipantJoined(Candidate, RoomActor.Candidate));

    public RoomLogScript InterviewerJoins(string time) => Add(time, new ParticipantJoined(Interviewer, RoomActor.Interviewer));

    public RoomLogScript CandidateLeaves(string time) => Add(time, new ParticipantLeft(Candidate, RoomActor.Candidate));

    public RoomLogScript Section(string time, int index) => Add(time, new SectionChanged(index, Kit.Sections[index].Title));

    public RoomLogScript Choose(string time) => Add(time, new QuestionChosen(1, QuestionId, 1));

    public RoomLogScript CandidateTypes(string time) => Add(time, Edit(RoomActor.Candidate));

    public RoomLogScript InterviewerTypes(string time) => Add(time, Edit(RoomActor.Interviewer));

    public RoomLogScript Hint(string time, int step) => Add(time, new HintRevealed(QuestionId, step, "text", 0));

    public RoomLogScript Note(string time) => Add(time, new NoteAdded("A note.", null, Interviewer));

    /// <summary>The candidate types every 30 s from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public RoomLogScript CandidateTypesFromTo(string from, string to)
    {
        for (var at = At(from); at <= At(to); at = at.AddSeconds(30))
        {
            Add((at - Day).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture), Edit(RoomActor.Candidate));
        }

        return this;
    }

    /// <summary>The model interview's opening: both in the room at 09:00, introductions at 09:00:30, the problem at 09:05.</summary>
    public static RoomLogScript Opening() => new RoomLogScript()
        .InterviewerJoins("08:59:00").CandidateJoins("09:00:00").Section("09:00:30", 0).Section("09:05:00", 1).Choose("09:05:10");

    public static Interview Planned(int extraTimePercent = 0, string? endedAt = "09:45:00") => new()
    {
        Id = Guid.NewGuid(),
        CreatedById = "coordinator",
        ScheduledAt = At("09:00:00"),
        DurationMinutes = 45,
        ExtraTimePercent = extraTimePercent,
        EndedAt = endedAt is null ? null : At(endedAt),
    };

    public ReportCard Card(Interview? interview = null, ScorecardFacts? scorecard = null) =>
        ReportCards.Compute(interview ?? Planned(), Kit, new Dictionary<string, QuestionDocument> { [QuestionId] = Question }, events, scorecard, CoachingThresholds.ScorecardDueByDefault);

    /// <summary>The nudges due at <paramref name="now"/> for the room as the script left it.</summary>
    public IReadOnlyList<NudgeShown> NudgesAt(string now, Interview? interview = null) =>
        NudgeRules.Due(RoomState.From(events), interview ?? Planned(endedAt: null), Material, At(now));

    public static readonly InterviewMaterial Material = new(Kit, new Dictionary<string, PinnedQuestion> { [QuestionId] = new(Question, 1) }, new SignalCatalog([]));

    private static PadUpdated Edit(RoomActor by) => new(0, by.ToString(), JsonDocument.Parse("[0,[0,\"x\"]]").RootElement, by);
}
