using Rapport.Features.Scorecards;

namespace Rapport.Features.Coaching;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ConductMark>))]
public enum ConductMark
{
    Met,
    Missed,

    /// <summary>Nothing to judge: no agenda, no candidate, no scorecard yet.</summary>
    NotApplicable,
}

/// <summary>
/// One measure of an interviewer's conduct in one interview: a mark, the figure it rests on (in
/// minutes, a count or a share; null when there is none), a plain sentence, and the moments of
/// the replay it comes from.
/// </summary>
public sealed record ConductMeasure(string Key, string Name, ConductMark Mark, double? Value, string Says, IReadOnlyList<long> Moments);

/// <summary>What the report card needs of the interviewer's scorecard: the submission, what the language check found in it, and in the latest version.</summary>
public sealed record ScorecardFacts(DateTimeOffset SubmittedAt, ScorecardContent Submitted, IReadOnlyList<EvidenceFindings> SubmittedFindings, IReadOnlyList<EvidenceFindings> LatestFindings);

/// <summary>
/// How one interview went, from the interviewer's side: the measures of docs/coaching.md, with
/// each hint's timing and each missed chance to give one. Shown to the interviewer once they
/// have submitted their scorecard, and to admins; never to a candidate.
/// </summary>
public sealed record ReportCard(IReadOnlyList<ConductMeasure> Measures, HintReading Hints, IReadOnlyList<Interruption> Interruptions, IReadOnlyList<NudgeOutcome> Nudges)
{
    public ConductMeasure this[string key] => Measures.Single(m => m.Key == key);

    public static class Keys
    {
        public const string StartedOnTime = "started-on-time";
        public const string Introductions = "introductions";
        public const string CandidateQuestions = "candidate-questions";
        public const string HintTiming = "hint-timing";
        public const string Overrun = "overrun";
        public const string Evidence = "evidence";
        public const string Language = "language";
        public const string ScorecardOnTime = "scorecard-on-time";
    }
}
