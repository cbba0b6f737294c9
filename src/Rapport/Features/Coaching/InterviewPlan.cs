using Rapport.Features.Interviews;

namespace Rapport.Features.Coaching;

/// <summary>
/// When an interview was due to start and end for coaching's measures and nudges alike: the
/// planned start, or the candidate's arrival if they came later (their lateness is not the
/// panel's), plus the interview's minutes with any extra time granted as an accommodation.
/// </summary>
public static class InterviewPlan
{
    public static DateTimeOffset Start(Interview interview, DateTimeOffset? candidateArrived) =>
        candidateArrived is { } arrived && arrived > interview.ScheduledAt ? arrived : interview.ScheduledAt;

    public static DateTimeOffset End(Interview interview, DateTimeOffset? candidateArrived) =>
        Start(interview, candidateArrived).AddMinutes(interview.Stretched(interview.DurationMinutes));
}
