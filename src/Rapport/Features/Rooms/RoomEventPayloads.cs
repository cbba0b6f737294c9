using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Features.Rooms;

/// <summary>
/// A typed room event. Each kind names its log type and schema version; bump the version when a
/// payload's meaning changes and keep reading the old one.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
public abstract record RoomEventPayload
{
    [JsonIgnore]
    public abstract string Type { get; }

    [JsonIgnore]
    public virtual int SchemaVersion => 1;

    [JsonIgnore]
    public abstract RoomAudience Audience { get; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, Type> Types = typeof(RoomEventPayload).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(RoomEventPayload)))
        .ToDictionary(t => ((RoomEventPayload)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t)).Type);

    public string Serialize() => JsonSerializer.Serialize(this, GetType(), Json);

    public static RoomEventPayload Deserialize(string type, string payload) =>
        Types.TryGetValue(type, out var clr)
            ? (RoomEventPayload)JsonSerializer.Deserialize(payload, clr, Json)!
            : throw new InvalidOperationException($"The room log holds an event of unknown type '{type}'.");
}

/// <summary>Someone opened the room.</summary>
public sealed record ParticipantJoined(string Name, RoomActor Role) : RoomEventPayload
{
    public override string Type => "joined";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

public sealed record ParticipantLeft(string Name, RoomActor Role) : RoomEventPayload
{
    public override string Type => "left";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>The interviewer moved the agenda to a section (index into the kit's sections).</summary>
public sealed record SectionChanged(int SectionIndex, string Title) : RoomEventPayload
{
    public override string Type => "section-changed";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>The interviewer picked the question of a section (one of its alternatives).</summary>
public sealed record QuestionChosen(int SectionIndex, string QuestionId, int QuestionVersion) : RoomEventPayload
{
    public override string Type => "question-chosen";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>
/// A hint from the ladder, now shown to the candidate. <see cref="SecondsWithoutProgress"/> is how
/// long the candidate had gone without an edit or run before it, for coaching on hint timing.
/// </summary>
public sealed record HintRevealed(string QuestionId, int Step, string Text, double SecondsWithoutProgress) : RoomEventPayload
{
    public override string Type => "hint-revealed";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>A private, timestamped interviewer note, optionally tagged with the rubric signal it is evidence for.</summary>
public sealed record NoteAdded(string Text, string? Signal, string Author) : RoomEventPayload
{
    public override string Type => "note-added";

    public override RoomAudience Audience => RoomAudience.Interviewers;
}

/// <summary>
/// A neutral fact about the candidate's session (the tab was hidden, a large paste). Recorded for
/// the interviewer's context; never flagged or scored automatically.
/// <para>
/// Version 2: one entry may stand for several facts of its kind from one connection (see
/// <see cref="SessionFactTallies"/>): <see cref="Times"/> of them, the first at <see cref="Since"/>
/// (null when it is just this one). <see cref="SecondsAway"/>, on <see cref="TabVisible"/>, is how
/// long the tab was in the background by the server's clock, summed over them. Version 1 entries
/// read as one fact, without the server's measure.
/// </para>
/// </summary>
public sealed record SessionFact(string Kind, string Detail, int Times = 1, double? SecondsAway = null, DateTimeOffset? Since = null) : RoomEventPayload
{
    public const string TabHidden = "tab-hidden";
    public const string TabVisible = "tab-visible";
    public const string LargePaste = "large-paste";

    public static readonly IReadOnlyList<string> Kinds = [TabHidden, TabVisible, LargePaste];

    public override string Type => "session-fact";

    public override int SchemaVersion => 2;

    public override RoomAudience Audience => RoomAudience.Interviewers;
}

/// <summary>
/// The room reached <see cref="SessionFactTallies.MaxStoredPerRoom"/> stored facts: these were
/// counted, not stored, since <see cref="Since"/> (per kind, with the seconds away they add up to).
/// </summary>
public sealed record SessionFactsNotStored(IReadOnlyList<SessionFactCount> Counts, DateTimeOffset Since) : RoomEventPayload
{
    public override string Type => "session-facts-not-stored";

    public override RoomAudience Audience => RoomAudience.Interviewers;
}

public sealed record SessionFactCount(string Kind, int Times, double SecondsAway);

/// <summary>
/// One accepted pad update, logged before it is acknowledged: after a crash the pad is rebuilt
/// from these, so every acknowledged edit survives. <see cref="Changes"/> is CodeMirror's ChangeSet JSON.
/// </summary>
public sealed record PadUpdated(int Version, string ClientId, JsonElement Changes, RoomActor By) : RoomEventPayload
{
    public override string Type => "pad-updated";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>
/// Someone pressed Run: the pad at <see cref="PadVersion"/> (its text is derivable from the log)
/// or, with <see cref="QuestionId"/>, the question's tests against it.
/// </summary>
public sealed record CodeRunStarted(Guid RunId, string Language, int PadVersion, string CodeSha256, string? QuestionId, int? QuestionVersion, string By) : RoomEventPayload
{
    public override string Type => "run-started";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>
/// What a run came to, as both sides saw it. Output is kept up to <see cref="RoomRuns.LoggedOutputChars"/>
/// characters per stream; tests hold only what the candidate may see of hidden cases.
/// </summary>
public sealed record CodeRunFinished(
    Guid RunId,
    string Verdict,
    string Message,
    double CpuMilliseconds,
    double WallMilliseconds,
    string Stdout,
    string Stderr,
    bool OutputTruncated,
    IReadOnlyList<string> CompilerMessages,
    IReadOnlyList<Questions.Testing.QuestionTestOutcome> Tests) : RoomEventPayload
{
    public override string Type => "run-finished";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>
/// Where someone's cursor or selection was, sampled (at most one per connection every few
/// seconds) so coaching can tell where work happened without the log filling with every move.
/// Positions are in the pad as it stood at <see cref="Version"/>.
/// </summary>
public sealed record CursorSampled(int Version, int Anchor, int Head, string ClientId, RoomActor By) : RoomEventPayload
{
    public override string Type => "cursor-sampled";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>The pad's language (and so its syntax mode) changed; <see cref="Language"/> is a <see cref="PadLanguages"/> id.</summary>
public sealed record PadLanguageChanged(string Language, string By) : RoomEventPayload
{
    public override string Type => "pad-language-changed";

    public override RoomAudience Audience => RoomAudience.Everyone;
}

/// <summary>
/// A quiet, private nudge shown on the panel's screens (never the candidate's): a hint may help,
/// the section has had its time, the candidate's questions are about to be squeezed, the
/// interview is about to overrun (see Coaching/NudgeRules.cs). <see cref="Key"/> names the one
/// situation it is about, so it is shown once; the report card reads whether it was followed.
/// </summary>
public sealed record NudgeShown(string Key, string Kind, string Says) : RoomEventPayload
{
    public override string Type => "nudge-shown";

    public override RoomAudience Audience => RoomAudience.Interviewers;
}

/// <summary>Someone on the panel put a nudge away.</summary>
public sealed record NudgeDismissed(string Key, string By) : RoomEventPayload
{
    public override string Type => "nudge-dismissed";

    public override RoomAudience Audience => RoomAudience.Interviewers;
}

/// <summary>
/// In a reverse-shadowed interview, an interviewer took the lead from the trainee: from now on they
/// act and the trainee watches, until they hand it back. Panel only: the candidate sees the same room.
/// </summary>
public sealed record LeadTaken(string UserId, string Name) : RoomEventPayload
{
    public override string Type => "lead-taken";

    public override RoomAudience Audience => RoomAudience.Interviewers;
}

/// <summary>The interviewer who took the lead gave it back to the trainee.</summary>
public sealed record LeadHandedBack(string Name) : RoomEventPayload
{
    public override string Type => "lead-handed-back";

    public override RoomAudience Audience => RoomAudience.Interviewers;
}
