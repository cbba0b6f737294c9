using System.Globalization;
using System.Text.RegularExpressions;
using Rapport.Features.Questions.Format;

namespace Rapport.Features.Coaching;

/// <summary>
/// The defaults behind every coaching measure, each explained in docs/coaching.md. The kit gives
/// each section's minutes and the question's hint ladder gives when its hints are due ("after
/// about 3 minutes without a plan"); these fill in what neither says.
/// </summary>
public static partial class CoachingThresholds
{
    /// <summary>How long after the planned start (or the candidate's arrival, if later) the first section may begin and still be "on time".</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    /// <summary>How long the interview may run past its planned end (accommodation included) before it counts as an overrun.</summary>
    public static readonly TimeSpan OverrunGrace = TimeSpan.FromMinutes(2);

    /// <summary>The introductions count as held when their section lasted at least this long.</summary>
    public static readonly TimeSpan IntroductionsAtLeast = TimeSpan.FromMinutes(1);

    /// <summary>The candidate's questions count as given their time when they had at least this share of the planned minutes.</summary>
    public const double CandidateQuestionsShare = 0.8;

    /// <summary>How long without progress a candidate is "stuck" when the next hint's ladder names no time.</summary>
    public static readonly TimeSpan StuckByDefault = TimeSpan.FromMinutes(3);

    /// <summary>
    /// A hint is late, and a stretch without progress and without one a missed chance, past this
    /// many times the ladder's time; a hint given before half of it is early (the candidate was
    /// still moving, or had not had the time the ladder gives to think).
    /// </summary>
    public const double LateFactor = 2;

    /// <summary>A room resumed after a gap of at least this (a crash, a dropped connection) had an interruption, which no measure counts against anyone.</summary>
    public static readonly TimeSpan InterruptionAtLeast = TimeSpan.FromSeconds(20);

    /// <summary>The panel is nudged this long before the candidate's questions would start to lose their planned minutes.</summary>
    public static readonly TimeSpan SqueezeWarning = TimeSpan.FromMinutes(2);

    /// <summary>The panel is nudged this long before the interview's planned end (accommodation included).</summary>
    public static readonly TimeSpan OverrunWarning = TimeSpan.FromMinutes(5);

    /// <summary>A nudge to move on counts as followed when the panel moved on within this long of it.</summary>
    public static readonly TimeSpan FollowWithin = TimeSpan.FromMinutes(3);

    /// <summary>The scorecard is on time when submitted within this long of the interview's end (setting <c>Coaching:ScorecardDueHours</c>).</summary>
    public static readonly TimeSpan ScorecardDueByDefault = TimeSpan.FromHours(24);

    /// <summary>
    /// When a hint is due by its ladder: the minutes its "when" names ("after about 3 minutes
    /// without a plan", "after 5 min"), or <see cref="StuckByDefault"/> when it names none
    /// ("when the mask is the last piece": a moment the interviewer judges).
    /// </summary>
    public static TimeSpan StuckBefore(Hint? hint) =>
        hint is not null && Minutes().Match(hint.When) is { Success: true } match
            && double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes is > 0 and <= 120
            ? TimeSpan.FromMinutes(minutes)
            : StuckByDefault;

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?:minutes?|mins?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Minutes();
}
