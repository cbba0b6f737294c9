using Rapport.Features.Interviews;

namespace Rapport.Features.Survey;

/// <summary>
/// When a candidate may answer the survey: the one place that decides. Once the panel ends the
/// interview, or its planned end (extra time included) has passed should nobody press End; never
/// for a cancelled one. It closes when the candidate's link stops working, by the link's own rules.
/// </summary>
public static class SurveyWindow
{
    public static bool IsOpen(Interview interview, DateTimeOffset now) => interview.Status switch
    {
        InterviewStatus.Ended => true,
        InterviewStatus.Cancelled => false,
        _ => now >= OpensAt(interview),
    };

    /// <summary>When the survey opens, for the page that tells the candidate to come back then.</summary>
    public static DateTimeOffset OpensAt(Interview interview) => interview.EndsAt;

    /// <summary>The Monday (UTC) of the week <paramref name="moment"/> falls in.</summary>
    public static DateOnly WeekOf(DateTimeOffset moment)
    {
        var day = DateOnly.FromDateTime(moment.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }
}
